namespace Tandem.Server.Firms;

/// <summary>Reads and validates a firm pack folder.</summary>
internal static class FirmPackLoader
{
    public static FirmPackLoadResult Load(string path) =>
        throw new NotImplementedException($"Firm pack loading is being written (issue 2): {path}");
}
