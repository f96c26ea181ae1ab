using Headshots.Vision.Enhancement;
using Headshots.Vision.Geometry;

namespace Headshots.Vision.Tests.Enhancement;

public sealed class LightAndColourTests
{
    private static readonly LightOptions Options = new();

    [Fact]
    public void A_strong_colour_cast_is_corrected_only_within_the_bounded_gain()
    {
        // A blue cast far beyond what the stage may fix: grey-world would ask for much more than ±6 %.
        var canvas = Filled(256, 256, 0.35f, 0.45f, 0.75f);
        var alpha = Enumerable.Repeat(1f, canvas.PixelCount).ToArray();
        var face = SyntheticFaces.Face(new Point2(128, 110), 60);

        var correction = LightAndColour.Plan(canvas, alpha, face, 1, Options with { MaxSkinDeltaE = 100 }, out _);

        Assert.InRange(correction.GainR, 1, 1 + Options.MaxWhiteBalanceGain + 1e-5f);
        Assert.InRange(correction.GainB, 1 - Options.MaxWhiteBalanceGain - 1e-5f, 1);
        Assert.Equal(1 + Options.MaxWhiteBalanceGain, correction.GainR, 1e-5f);
    }

    [Fact]
    public void The_skin_tone_change_stays_within_its_budget()
    {
        // A flat dark, warm image: levels and white balance together would move the skin patches far.
        var canvas = Filled(256, 256, 0.30f, 0.20f, 0.12f);
        var alpha = Enumerable.Repeat(1f, canvas.PixelCount).ToArray();
        var face = SyntheticFaces.Face(new Point2(128, 110), 60);

        // A looser white-point limit lets the levels stretch brighten the skin a lot; the skin budget must still hold.
        var loose = Options with { MinWhitePoint = 0.4f };
        var unbounded = LightAndColour.Plan(canvas, alpha, face, 1, loose with { MaxSkinDeltaE = 100 }, out var unboundedDeltaE);
        var bounded = LightAndColour.Plan(canvas, alpha, face, 1, loose, out var deltaE);

        Assert.True(unboundedDeltaE > Options.MaxSkinDeltaE, $"the test needs a correction that exceeds the budget; got ΔE {unboundedDeltaE:F2}");
        Assert.InRange(deltaE, 0, Options.MaxSkinDeltaE);
        Assert.True(bounded.White > unbounded.White, "the bounded correction stretches less");
    }

    [Fact]
    public void Zero_strength_changes_nothing()
    {
        var canvas = Filled(64, 64, 0.3f, 0.5f, 0.7f);
        var before = (float[])canvas.Data.Clone();

        var correction = LightAndColour.Plan(canvas, Enumerable.Repeat(1f, canvas.PixelCount).ToArray(), SyntheticFaces.Face(new Point2(32, 28), 16), 0, Options, out _);
        LightAndColour.Apply(canvas, correction);

        Assert.Equal(before, canvas.Data);
    }

    private static PlanarImage Filled(int width, int height, float r, float g, float b)
    {
        // A gentle ramp so the levels have a spread to work with.
        var image = new PlanarImage(width, height);
        for (var i = 0; i < image.PixelCount; i++)
        {
            var t = 0.7f + (0.6f * (i % width) / width);
            image.Data[i] = r * t;
            image.Data[image.PixelCount + i] = g * t;
            image.Data[(2 * image.PixelCount) + i] = b * t;
        }

        return image;
    }
}
