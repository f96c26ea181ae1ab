using Headshots.Vision.Enhancement;

namespace Headshots.Vision.Tests.Enhancement;

public sealed class MatteTests
{
    private const int Width = 240;
    private const int Height = 120;
    private const int Edge = 120;
    private static readonly float[] Subject = [0.80f, 0.35f, 0.25f];
    private static readonly float[] OldBackdrop = [0.10f, 0.85f, 0.15f];
    private static readonly float[] NewBackdrop = [0.5f, 0.5f, 0.5f];

    [Fact]
    public void A_coarse_mask_refined_on_a_sharp_edge_leaves_no_halo_of_the_old_background()
    {
        var canvas = new PlanarImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var colour = x < Edge ? Subject : OldBackdrop;
                for (var c = 0; c < 3; c++)
                {
                    canvas.Data[(c * canvas.PixelCount) + (y * Width) + x] = colour[c];
                }
            }
        }

        // What a 256-px model gives at ~4× less resolution: a soft ramp 16 px wide, centred 3 px off the true edge.
        var coarse = new float[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                coarse[(y * Width) + x] = Math.Clamp(0.5f - ((x - (Edge + 3)) / 16f), 0, 1);
            }
        }

        var coverage = Enumerable.Repeat(1f, Width * Height).ToArray();
        var alpha = Background.RefineMatte(canvas, new ModelOutput(Width, Height, 1, coarse), coverage, new MatteOptions { Radius = 0.04f });
        var (unmixed, oldBackdrop) = Background.Unmix(canvas, alpha, coverage, 20);
        var backdrop = new PlanarImage(Width, Height);
        Array.Fill(backdrop.Data, 0.5f);
        Background.Composite(canvas, unmixed, oldBackdrop, backdrop);

        for (var x = 0; x < Width; x++)
        {
            var expected = x < Edge ? Subject : NewBackdrop;
            var i = (Height / 2 * Width) + x;
            var green = canvas.Data[canvas.PixelCount + i];

            // Nowhere, not even on the edge itself, may the old green show through more than either side's own green.
            Assert.True(green <= 0.5f + 0.02f, $"x={x}: green {green:F3} is a halo of the old backdrop");
            if (Math.Abs(x - Edge) >= 2)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.True(Math.Abs(canvas.Data[(c * canvas.PixelCount) + i] - expected[c]) < 0.03f, $"x={x} channel {c}: {canvas.Data[(c * canvas.PixelCount) + i]:F3}, expected {expected[c]:F3}");
                }
            }
        }
    }
}
