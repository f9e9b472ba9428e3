namespace SignalFineTune;

/// <summary>
/// The error function to double precision (.NET has none): the Maclaurin series below 3, where its largest term is
/// about e⁹ so at most four of sixteen digits are lost, and erfc's continued fraction above. GELU needs it exact enough
/// that its derivative (written with the exact Gaussian) agrees with finite differences in double.
/// </summary>
internal static class Erf
{
    public static double Of(double x)
    {
        var a = Math.Abs(x);
        double result;
        if (a < 3)
        {
            double sum = 0, term = a;
            var x2 = a * a;
            for (var n = 0; n < 200; n++)
            {
                var add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
                term *= -x2 / (n + 1);
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            var k = a;
            for (var n = 80; n >= 1; n--)
            {
                k = a + (n / 2.0 / k);
            }
            result = 1 - (Math.Exp(-a * a) / Math.Sqrt(Math.PI) / k);
        }
        return x < 0 ? -result : result;
    }
}
