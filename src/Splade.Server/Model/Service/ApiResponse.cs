namespace Splade.Server.Model.Service;

/// <summary>Qdrant's response wrapper: <c>{"result": ..., "status": "ok", "time": seconds}</c>.</summary>
/// <typeparam name="T">The result's type.</typeparam>
/// <param name="Result">The result.</param>
/// <param name="Status">Always <c>ok</c>.</param>
/// <param name="Time">Seconds spent on the request.</param>
internal sealed record ApiResponse<T>(T Result, string Status, double Time);

/// <summary>Qdrant's error shape: <c>{"status": {"error": "..."}, "time": seconds}</c>.</summary>
/// <param name="Status">The error.</param>
/// <param name="Time">Seconds spent on the request.</param>
internal sealed record ErrorResponse(ErrorStatus Status, double Time);

/// <summary>The error message.</summary>
/// <param name="Error">What went wrong, for people.</param>
internal sealed record ErrorStatus(string Error);
