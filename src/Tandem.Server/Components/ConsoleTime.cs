using System.Globalization;

namespace Tandem.Server.Components;

/// <summary>Times in the console are shown in UK time, the way a UK support team reads a clock.</summary>
internal static class ConsoleTime
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string Format(DateTimeOffset? at, string none) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, London).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB")) : none;
}
