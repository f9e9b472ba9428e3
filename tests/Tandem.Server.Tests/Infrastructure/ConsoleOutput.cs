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

    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            return (await TandemCli.RunAsync(args), output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>As <see cref="RunAsync"/>, but what the verb wrote to Console.Error (where it says what went wrong).</summary>
    public static async Task<(int Exit, string Error)> RunForErrorAsync(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            return (await TandemCli.RunAsync(args), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    public static JsonElement LastLineAsJson(string output)
    {
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }
}
