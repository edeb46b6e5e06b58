using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Splade.Server.Model.Service;

namespace Splade.Server.Http;

/// <summary>Writes answers in Qdrant's wrapper, <c>{"result": ..., "status": "ok", "time": seconds}</c>.</summary>
internal static class Api
{
    public static IResult Ok<T>(HttpContext context, T result, JsonTypeInfo<ApiResponse<T>> typeInfo)
        => TypedResults.Json(new ApiResponse<T>(result, "ok", ApiTiming.Seconds(context)), typeInfo);

    public static IResult Error(HttpContext context, int statusCode, string message)
        => TypedResults.Json(
            new ErrorResponse(new ErrorStatus(message), ApiTiming.Seconds(context)), Json.ApiJson.Context.ErrorResponse, statusCode: statusCode);
}
