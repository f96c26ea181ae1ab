namespace Headshots.Vision.Geometry;

/// <summary>A colour in CIELAB (D65 white), the space where Euclidean distance approximates perceived difference.</summary>
public readonly record struct Cielab(double L, double A, double B)
{
    // sRGB (IEC 61966-2-1) → linear → XYZ (D65) → Lab (CIE 1976).
    private const double Xn = 0.95047;
    private const double Yn = 1.0;
    private const double Zn = 1.08883;

    /// <summary>Converts an sRGB colour whose channels are 0..255 (fractional values allowed: averages of pixels).</summary>
    public static Cielab FromSrgb(double r, double g, double b)
    {
        var rl = ToLinear(r / 255);
        var gl = ToLinear(g / 255);
        var bl = ToLinear(b / 255);
        var x = (0.4124564 * rl) + (0.3575761 * gl) + (0.1804375 * bl);
        var y = (0.2126729 * rl) + (0.7151522 * gl) + (0.0721750 * bl);
        var z = (0.0193339 * rl) + (0.1191920 * gl) + (0.9503041 * bl);
        var fx = F(x / Xn);
        var fy = F(y / Yn);
        var fz = F(z / Zn);
        return new Cielab((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /// <summary>ΔE*ab (CIE 1976): about 2.3 is a just-noticeable difference.</summary>
    public static double DeltaE76(Cielab p, Cielab q) =>
        Math.Sqrt(((p.L - q.L) * (p.L - q.L)) + ((p.A - q.A) * (p.A - q.A)) + ((p.B - q.B) * (p.B - q.B)));

    private static double ToLinear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    private static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : ((24389.0 / 27 * t) + 16) / 116;
}
