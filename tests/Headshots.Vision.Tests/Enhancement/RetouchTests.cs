using Headshots.Vision.Enhancement;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Enhancement;

public sealed class RetouchTests(ITestOutputHelper output)
{
    private const int Size = 200;
    private const float EyeDistance = 100;
    private static readonly float[] Skin = [0.80f, 0.62f, 0.52f];

    [Fact]
    public void A_blemish_fades_while_pore_texture_stays_and_nothing_outside_the_skin_changes()
    {
        var canvas = SkinWithPoresAndBlemish(out var pores);
        var mask = new float[Size * Size];
        for (var y = 20; y < 180; y++)
        {
            Array.Fill(mask, 1f, (y * Size) + 20, 160);
        }

        var before = canvas.Clone();

        Retouch.Apply(canvas, mask, EyeDistance, 1, new RetouchOptions());

        // The blemish (a 4-px disc 8 % darker, centred at 100,100) loses most of its contrast.
        var blemishBefore = Skin[0] - Mean(before, 0, 98, 98, 5);
        var blemishAfter = Skin[0] - Mean(canvas, 0, 98, 98, 5);
        Assert.True(blemishAfter < 0.5f * blemishBefore, $"blemish depth {blemishBefore:F3} → {blemishAfter:F3}");

        // Pores (±1.5 % per-pixel texture) keep most of their strength away from the blemish.
        var kept = Deviation(canvas, 30, 30, 40) / Deviation(before, 30, 30, 40);
        output.WriteLine($"blemish depth {blemishBefore:F3} → {blemishAfter:F3}; pore texture kept {kept:P0}");
        Assert.True(kept > 0.8f, $"pore texture kept {kept:P0}");
        Assert.True(pores > 0);

        // Outside the mask, nothing moved.
        for (var c = 0; c < 3; c++)
        {
            for (var x = 0; x < Size; x++)
            {
                Assert.Equal(before.Data[(c * canvas.PixelCount) + (5 * Size) + x], canvas.Data[(c * canvas.PixelCount) + (5 * Size) + x]);
            }
        }
    }

    [Fact]
    public void Zero_strength_leaves_the_skin_as_it_is()
    {
        var canvas = SkinWithPoresAndBlemish(out _);
        var before = (float[])canvas.Data.Clone();

        Retouch.Apply(canvas, Enumerable.Repeat(1f, Size * Size).ToArray(), EyeDistance, 0, new RetouchOptions());

        Assert.Equal(before, canvas.Data);
    }

    private static PlanarImage SkinWithPoresAndBlemish(out int pores)
    {
        var random = new Random(11);
        var canvas = new PlanarImage(Size, Size);
        pores = 0;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var texture = (float)(random.NextDouble() - 0.5) * 0.03f;
                pores += texture != 0 ? 1 : 0;
                var blemish = ((x - 100) * (x - 100)) + ((y - 100) * (y - 100)) <= 16 ? 0.08f : 0;
                for (var c = 0; c < 3; c++)
                {
                    canvas.Data[(c * canvas.PixelCount) + (y * Size) + x] = Skin[c] + texture - blemish;
                }
            }
        }

        return canvas;
    }

    private static float Mean(PlanarImage image, int channel, int x0, int y0, int side)
    {
        var sum = 0f;
        for (var y = y0; y < y0 + side; y++)
        {
            for (var x = x0; x < x0 + side; x++)
            {
                sum += image.Data[(channel * image.PixelCount) + (y * Size) + x];
            }
        }

        return sum / (side * side);
    }

    private static float Deviation(PlanarImage image, int x0, int y0, int side)
    {
        var mean = Mean(image, 1, x0, y0, side);
        var sum = 0f;
        for (var y = y0; y < y0 + side; y++)
        {
            for (var x = x0; x < x0 + side; x++)
            {
                var d = image.Data[image.PixelCount + (y * Size) + x] - mean;
                sum += d * d;
            }
        }

        return MathF.Sqrt(sum / (side * side));
    }
}
