using System.Text.Json;
using Tandem.Server.Cli;

namespace Tandem.Server.Tests.Infrastructure;

/// <summary>
/// The CLI verbs write to Console.Out, which is process-wide: tests that capture it run in this
/// collection, alone, so no other test's output lands in theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutput
{
    public const string Name = "Console output";

    public static Task<(int Exit, string Output)> RunAsync(params string[] args) => CaptureAsync(Console.Out, Console.SetOut, args);

    /// <summary>As <see cref="RunAsync"/>, but what the verb wrote to Console.Error (where it says what went wrong).</summary>
    public static Task<(int Exit, string Output)> RunForErrorAsync(params string[] args) => CaptureAsync(Console.Error, Console.SetError, args);

    private static async Task<(int Exit, string Output)> CaptureAsync(TextWriter original, Action<TextWriter> redirect, string[] args)
    {
        var captured = new StringWriter();
        redirect(captured);
        try
        {
            return (await TandemCli.RunAsync(args), captured.ToString());
        }
        finally
        {
            redirect(original);
        }
    }

    public static JsonElement LastLineAsJson(string output)
    {
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }
}
