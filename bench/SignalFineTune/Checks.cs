using System.Globalization;
using Tandem.Server.Knowledge.Embeddings;

namespace SignalFineTune;

/// <summary>The two checks before any training: the C# forward reproduces the model's sentence vector, and the hand-written backward matches finite differences.</summary>
internal static class Checks
{
    public static int Parity(int trained, int count)
    {
        using var setup = new Setup(trained);
        var texts = Data.Measuring("odd").Select(r => r.Message).Distinct(StringComparer.Ordinal).Take(count).ToList();
        setup.Cache(texts, 1);
        var model = setup.Model<float>();
        using var product = new MiniLmEmbedder();
        double worstOrt = 0, worstProduct = 0;
        foreach (var text in texts)
        {
            var state = setup.States[text];
            var mine = model.Vector(state.Hidden, state.Tokens);
            var theirs = product.Embed(text);
            for (var i = 0; i < mine.Length; i++)
            {
                worstOrt = Math.Max(worstOrt, Math.Abs(mine[i] - state.SentenceVector[i]));
                worstProduct = Math.Max(worstProduct, Math.Abs(mine[i] - theirs[i]));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parity over {texts.Count} real messages (odd rows), top {trained} layer(s) in C#: max |mine - ORT sentence vector| = {worstOrt:E2}; max |mine - MiniLmEmbedder.Embed| = {worstProduct:E2} ({(worstOrt < 1e-4 && worstProduct < 1e-4 ? "PASS" : "FAIL")} at 1e-4)"));
        return worstOrt < 1e-4 && worstProduct < 1e-4 ? 0 : 1;
    }

    /// <summary>
    /// Central differences in double on a sample of every parameter tensor of the top layers and the head (the largest-gradient
    /// entries and random ones), against the hand-written backward, over a few real messages with all four labels.
    /// </summary>
    public static int Gradients(int trained, int perTensor)
    {
        using var setup = new Setup(trained);
        var rows = Data.Measuring("odd").Select(r => r.Message).Distinct(StringComparer.Ordinal).Take(3).ToList();
        setup.Cache(rows, 1);
        var model = setup.Model<double>();
        var random = new Random(7);
        foreach (var p in model.Parameters.Where(p => p.Head))
        {
            for (var i = 0; i < p.Value.Length; i++)
            {
                p.Value[i] = (random.NextDouble() - 0.5) * 0.4;
            }
        }
        sbyte[][] labels = [[1, 0, -1, 1], [0, 1, 1, -1], [1, -1, 0, 0]];
        double[] weights = [1.5, 1, 2, 1];
        double Loss()
        {
            var total = 0.0;
            for (var m = 0; m < rows.Count; m++)
            {
                var s = setup.States[rows[m]];
                total += TopModel<double>.Loss(model.Forward(s.Hidden, s.Tokens).Logits, labels[m], weights, null);
            }
            return total;
        }
        foreach (var p in model.Parameters)
        {
            Array.Clear(p.Gradient);
        }
        for (var m = 0; m < rows.Count; m++)
        {
            var s = setup.States[rows[m]];
            var pass = model.Forward(s.Hidden, s.Tokens);
            var dz = new double[TopModel<double>.Outputs];
            TopModel<double>.Loss(pass.Logits, labels[m], weights, dz);
            model.Backward(pass, dz, headOnly: false);
        }
        var worst = 0.0;
        var checkedCount = 0;
        foreach (var p in model.Parameters)
        {
            var largest = Enumerable.Range(0, p.Value.Length).OrderByDescending(i => Math.Abs(p.Gradient[i])).Take(perTensor / 2);
            var sample = largest.Concat(Enumerable.Range(0, perTensor / 2).Select(_ => random.Next(p.Value.Length))).Distinct().ToList();
            var tensorWorst = 0.0;
            var skipped = 0;
            foreach (var i in sample)
            {
                var saved = p.Value[i];
                var h = 1e-5 * Math.Max(1, Math.Abs(saved));
                p.Value[i] = saved + h;
                var up = Loss();
                p.Value[i] = saved - h;
                var down = Loss();
                p.Value[i] = saved;
                var numeric = (up - down) / (2 * h);
                var analytic = p.Gradient[i];
                var scale = Math.Max(Math.Abs(numeric), Math.Abs(analytic));
                // A gradient at round-off size has no digits to compare; those are counted, not judged.
                if (scale < 1e-7)
                {
                    skipped++;
                    continue;
                }
                tensorWorst = Math.Max(tensorWorst, Math.Abs(numeric - analytic) / scale);
                checkedCount++;
            }
            worst = Math.Max(worst, tensorWorst);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Name,-24} {sample.Count - skipped,3} entries, worst relative error {tensorWorst:E2}{(skipped > 0 ? $" ({skipped} with |gradient| < 1e-7 not judged)" : "")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gradient check (double, central differences, h = 1e-5·max(1,|w|)): {checkedCount} entries, worst relative error {worst:E2} ({(worst < 1e-3 ? "PASS" : "FAIL")} at 1e-3)"));
        return worst < 1e-3 ? 0 : 1;
    }
}
