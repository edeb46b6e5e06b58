namespace Splade.Server.Tests.Process;

/// <summary>The crash loop's figures, printed and written as one JSON object.</summary>
internal sealed class CrashSummary
{
    private int _nothingInFlight;
    private int _inFlightLost;
    private int _inFlightApplied;

    public int Cycles { get; set; }

    public int AcknowledgedOperations { get; set; }

    public double Seconds { get; set; }

    public void Count(CrashOutcome outcome)
    {
        switch (outcome)
        {
            case CrashOutcome.NothingInFlight:
                _nothingInFlight++;
                break;
            case CrashOutcome.InFlightLost:
                _inFlightLost++;
                break;
            default:
                _inFlightApplied++;
                break;
        }
    }

    public string ToJson(int seed) => new System.Text.Json.Nodes.JsonObject
    {
        ["cycles"] = Cycles,
        ["seed"] = seed,
        ["acknowledged_operations"] = AcknowledgedOperations,
        ["lost_acknowledged"] = 0,
        ["in_flight_applied_whole"] = _inFlightApplied,
        ["in_flight_absent"] = _inFlightLost,
        ["nothing_in_flight"] = _nothingInFlight,
        ["seconds"] = Math.Round(Seconds, 1),
    }.ToJsonString();
}
