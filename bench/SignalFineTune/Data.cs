using Tandem.Rules.Routing;
using Tandem.Server.Cli;
using Tandem.Server.Understanding;

namespace SignalFineTune;

/// <summary>A text a head reads (SignalPipeline.HeadText), with the label of each targeted signal it is labelled for (-1: not labelled for it).</summary>
internal sealed class Unit(string text, string message)
{
    public string Text { get; } = text;
    /// <summary>The message the text came from: the validation split keeps a message's texts together.</summary>
    public string Message { get; } = message;
    public sbyte[] Labels { get; } = [-1, -1, -1, -1];
}

/// <summary>A row of a measuring file: the message, its label for the file's signal and what that signal's head reads of it (null: the head never runs).</summary>
internal sealed record MeasureRow(int Signal, string Message, bool Label, string? HeadText);

internal static class Data
{
    public static readonly SignalKind[] Signals = [SignalKind.Complaint, SignalKind.Vulnerability, SignalKind.SelfHarm, SignalKind.HumanRequest];

    public static string Root { get; } = FindRoot();

    public static string Folder => Path.Combine(Root, "eval", "signals");

    /// <summary>
    /// Exactly the pool `./tandem train signals` trains on by default (SignalTrainCommands.DefaultExtraSets): each targeted
    /// signal's file's even rows, then the whole of train/ and holdout … holdout5 for that signal, each row shown as the
    /// server shows it to that signal's head. A row labels its text for its own file's signal only: the main files hold
    /// the same messages in different orders, so a message's even row in one file may be an odd (measuring) row in another.
    /// </summary>
    public static (List<Unit> Units, int Conflicts) TrainingPool(bool everything = false, string? negatives = null)
    {
        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        var conflicts = 0;
        for (var s = 0; s < Signals.Length; s++)
        {
            var wire = Signals[s].ToWire();
            var rows = Read(Path.Combine(Folder, wire + ".csv")).Where((_, i) => everything || i % 2 == 0).ToList();
            foreach (var set in everything ? [.. SignalTrainCommands.DefaultExtraSets, .. SpentSets, .. WrittenForTraining] : SignalTrainCommands.DefaultExtraSets)
            {
                var file = Path.Combine(Folder, set, wire + ".csv");
                if (File.Exists(file))
                {
                    rows.AddRange(Read(file));
                }
            }
            foreach (var file in NegativeFiles(negatives))
            {
                // Routine messages (eval/signals/tools/routine-negatives.py) and short replies (eval/signals/negatives/):
                // a negative for every targeted signal.
                rows.AddRange(Read(file).Select(r => r with { Label = false }));
            }
            foreach (var row in rows)
            {
                if (SignalPipeline.HeadText(Signals[s], row.Text) is not { } text)
                {
                    continue;
                }
                if (!units.TryGetValue(text, out var unit))
                {
                    units[text] = unit = new Unit(text, row.Text);
                }
                var label = (sbyte)(row.Label ? 1 : 0);
                if (unit.Labels[s] >= 0 && unit.Labels[s] != label)
                {
                    // The same text labelled both ways for one signal (written twice in different sets): positive wins.
                    conflicts++;
                    label = 1;
                }
                unit.Labels[s] = label;
            }
        }
        return ([.. units.Values], conflicts);
    }

    /// <summary>
    /// The fresh sets already measured once and so spent (round 7): with `--pool all` they train the model that ships, with the
    /// main files' odd rows, and the next fresh set written blind measures it.
    /// </summary>
    public static readonly string[] SpentSets = ["holdout6", "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", "holdout21", "holdout22", "holdout23", "holdout24", "holdout25", "holdout26"];

    /// <summary>Rows written for training only after a fresh set showed what the encoder misreads (round 10: eval/signals/train10/; round 11: train11/; round 12: train12/; round 18: train13/; round 23: train14/, pairs written to the complaint rule; round 24: train15/, pairs with the marks round 23 lost and self-harm shapes holdout25 found).</summary>
    public static readonly string[] WrittenForTraining = ["train10", "train11", "train12", "train13", "train14", "train15"];

    /// <summary>The fresh set written blind for the next file: measured through the product only, never here.</summary>
    public static readonly string Unspent = "holdout27";

    /// <summary>`--negatives A.csv,B.csv`: files whose every row is a negative for every targeted signal.</summary>
    public static string[] NegativeFiles(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The main files' odd rows (never trained on by the shipped heads or here), or a holdout folder's whole files.</summary>
    public static List<MeasureRow> Measuring(string set)
    {
        var rows = new List<MeasureRow>();
        for (var s = 0; s < Signals.Length; s++)
        {
            var wire = Signals[s].ToWire();
            var file = set == "odd" ? Path.Combine(Folder, wire + ".csv") : Path.Combine(Folder, set, wire + ".csv");
            var read = Read(file);
            var chosen = set == "odd" ? read.Where((_, i) => i % 2 == 1) : read;
            rows.AddRange(chosen.Select(r => new MeasureRow(s, r.Text, r.Label, SignalPipeline.HeadText(Signals[s], r.Text))));
        }
        return rows;
    }

    /// <summary>Positives and negatives among a signal's main file's even rows (the class balance thresholds are chosen at).</summary>
    public static (int Positives, int Negatives) MainEvenBalance(int signal)
    {
        var rows = Read(Path.Combine(Folder, Signals[signal].ToWire() + ".csv")).Where((_, i) => i % 2 == 0).ToList();
        return (rows.Count(r => r.Label), rows.Count(r => !r.Label));
    }

    /// <summary>
    /// A continued run's split (`--init` with `--split-without SETS`): the split the earlier run made, computed on the pool
    /// without those sets' messages, so that the rows it trained on stay training rows and its validation rows stay unseen;
    /// the sets' own messages are then split the same way on their own and added.
    /// </summary>
    public static HashSet<string> ValidationMessages(List<Unit> units, double share, int seed, string[] without)
    {
        if (without.Length == 0)
        {
            return ValidationMessages(units, share, seed);
        }
        var added = new HashSet<string>(without.SelectMany(set => Signals.Select(s => Path.Combine(Folder, set, s.ToWire() + ".csv")))
            .Where(File.Exists).SelectMany(f => Read(f).Select(r => r.Text)), StringComparer.Ordinal);
        var chosen = ValidationMessages([.. units.Where(u => !added.Contains(u.Message))], share, seed);
        chosen.UnionWith(ValidationMessages([.. units.Where(u => added.Contains(u.Message))], share, seed));
        return chosen;
    }

    /// <summary>A stratified validation split by message (fixed seed): within each stratum (first positive signal, or none) a share of the messages.</summary>
    public static HashSet<string> ValidationMessages(List<Unit> units, double share, int seed)
    {
        var strata = units.GroupBy(u => u.Message, StringComparer.Ordinal)
            .Select(g => (Message: g.Key, Stratum: Enumerable.Range(0, 4).FirstOrDefault(s => g.Any(u => u.Labels[s] == 1), -1)))
            .GroupBy(m => m.Stratum);
        var random = new Random(seed);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stratum in strata.OrderBy(s => s.Key))
        {
            var messages = stratum.Select(m => m.Message).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(messages);
            foreach (var m in messages.Take((int)Math.Round(messages.Length * share)))
            {
                chosen.Add(m);
            }
        }
        return chosen;
    }

    private static List<SignalEvalCommands.Row> Read(string file) =>
        SignalEvalCommands.ReadRows(file) ?? throw new InvalidDataException($"Could not read {file}.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository (no Tandem.slnx above the executable).");
    }
}
