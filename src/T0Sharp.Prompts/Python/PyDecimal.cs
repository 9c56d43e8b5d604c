using System.Numerics;
using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Correctly rounded (round-half-even on the exact binary value) decimal formatting of doubles, as Python's <c>%f</c>/<c>%e</c>/<c>round()</c> do.</summary>
public static class PyDecimal
{
    /// <summary>Exact decimal digits of |d| and the decimal exponent: |d| = DIGITS × 10^exp10.</summary>
    static (BigInteger Digits, int Exp10) Exact(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(d));
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        exp -= 1075;
        if (exp >= 0) return (new BigInteger(mant) << exp, 0);
        // mant / 2^-exp = mant * 5^-exp / 10^-exp
        return (new BigInteger(mant) * BigInteger.Pow(5, -exp), exp);
    }

    /// <summary>Rounds |d| to <paramref name="decimals"/> fraction digits, half to even; returns the scaled integer.</summary>
    static BigInteger RoundScaled(double d, int decimals)
    {
        var (digits, exp10) = Exact(d);
        int shift = exp10 + decimals; // value * 10^decimals = digits * 10^shift
        if (shift >= 0) return digits * BigInteger.Pow(10, shift);
        var div = BigInteger.Pow(10, -shift);
        var q = BigInteger.DivRem(digits, div, out var rem);
        var twice = rem * 2;
        if (twice > div || (twice == div && !q.IsEven)) q += 1;
        return q;
    }

    /// <summary>Python <c>'%.Nf' % d</c> without sign handling of nan/inf.</summary>
    public static string Fixed(double d, int precision)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        var q = RoundScaled(d, precision);
        string s = q.ToString().PadLeft(precision + 1, '0');
        string body = precision == 0 ? s : s[..^precision] + "." + s[^precision..];
        return (double.IsNegative(d) ? "-" : "") + body;
    }

    /// <summary>Python <c>'%.Ne' % d</c>.</summary>
    public static string Exponent(double d, int precision)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        string sign = double.IsNegative(d) ? "-" : "";
        if (d == 0) return sign + (precision > 0 ? "0." + new string('0', precision) : "0") + "e+00";
        var (digits, exp10) = Exact(d);
        int len = digits.ToString().Length;
        int e = len - 1 + exp10; // decimal exponent of the leading digit
        // scale so that we keep precision+1 significant digits
        var q = RoundScaled(d, precision - e);
        if (q.ToString().Length > precision + 1) { e++; q = RoundScaled(d, precision - e); }
        string s = q.ToString();
        var sb = new StringBuilder(sign);
        sb.Append(s[0]);
        if (precision > 0) sb.Append('.').Append(s, 1, s.Length - 1);
        sb.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString("00"));
        return sb.ToString();
    }

    /// <summary>Python <c>'%.Ng' % d</c> (alternate form off).</summary>
    public static string General(double d, int precision, bool alternate = false)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (precision == 0) precision = 1;
        if (d == 0) return (double.IsNegative(d) ? "-" : "") + (alternate ? "0." + new string('0', precision - 1) : "0");
        string e = Exponent(d, precision - 1);
        int exp = int.Parse(e[(e.IndexOf('e') + 1)..]);
        string r = exp < -4 || exp >= precision ? e : Fixed(d, precision - 1 - exp);
        if (alternate) return r;
        int epos = r.IndexOf('e');
        string mant = epos >= 0 ? r[..epos] : r, tail = epos >= 0 ? r[epos..] : "";
        if (mant.Contains('.')) mant = mant.TrimEnd('0').TrimEnd('.');
        return mant + tail;
    }

    /// <summary>Python <c>round(d, ndigits)</c> for a float: correctly rounded, half to even.</summary>
    public static double Round(double d, long ndigits)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || d == 0) return d;
        if (ndigits > 330) return d;
        if (ndigits < -330) return 0.0 * Math.Sign(d);
        string s = Fixed(d, (int)Math.Max(ndigits, 0));
        if (ndigits >= 0) return double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var pow = BigInteger.Pow(10, (int)-ndigits);
        var (digits, exp10) = Exact(d);
        // value / 10^-ndigits rounded half-even, then scaled back
        var num = exp10 >= 0 ? digits * BigInteger.Pow(10, exp10) : digits;
        var den = exp10 >= 0 ? pow : pow * BigInteger.Pow(10, -exp10);
        var q = BigInteger.DivRem(num, den, out var rem);
        var twice = rem * 2;
        if (twice > den || (twice == den && !q.IsEven)) q += 1;
        double r = (double)(q * pow);
        return d < 0 ? -r : r;
    }
}
