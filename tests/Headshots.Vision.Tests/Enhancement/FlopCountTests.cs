using Headshots.Vision.Enhancement;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>The pixel kernels' FLOP counts (convention on FlopTally), checked against counts worked out by hand.</summary>
public sealed class FlopCountTests
{
    [Fact]
    public void A_box_mean_records_8wh_less_its_window_edges_for_the_size_it_ran_on()
    {
        // 8wh − rh − 2rw + h: three ops per pixel along the rows, five down the columns, less the adds and subtracts the
        // window edges skip, plus one reciprocal per row.
        static long Expected(long w, long h, long r) => (8 * w * h) - (r * h) - (2 * r * w) + h;

        var small = BoxMeanFlops(64, 32, 3);
        var doubled = BoxMeanFlops(128, 64, 3);

        Assert.Equal(Expected(64, 32, 3), small);
        Assert.Equal(Expected(128, 64, 3), doubled);

        // Four times the pixels; slightly more than four times the count, as the skipped edges grow only linearly.
        Assert.InRange((double)doubled / small, 4.0, 4.1);
    }

    [Fact]
    public void A_box_mean_wider_than_the_image_counts_only_the_loops_that_run_and_radius_0_counts_nothing()
    {
        // 4×3, radius 5, counted by hand from the loops: per row 4 adds fill the window and 4 divisions (nothing enters or
        // leaves): 3 × 8 = 24. Down the columns all 3 rows are added (3 × 4 × 2 = 24), then per row a reciprocal and 4
        // products (3 × 5 = 15). 24 + 24 + 15 = 63.
        Assert.Equal(63, BoxMeanFlops(4, 3, 5));
        Assert.Equal(0, BoxMeanFlops(4, 3, 0));
    }

    [Fact]
    public void The_composite_counts_eight_operations_per_value_and_four_times_as_many_when_both_sides_double()
    {
        Assert.Equal(8L * 3 * 20 * 10, CompositeFlops(20, 10));
        Assert.Equal(4 * CompositeFlops(20, 10), CompositeFlops(40, 20));
    }

    [Fact]
    public void Sampling_counts_the_resampling_path_it_took()
    {
        using var photo = new Image<Rgb24>(64, 48, new Rgb24(90, 120, 150));
        const int normalization = 6;

        // Same size, no rotation: one bilinear read per pixel (45) and the normalisation.
        Assert.Equal((45 + normalization) * 32L * 24, SampleFlops(photo, new Affine2(1, 0, 0, 0, 1, 0), 32, 24));

        // Halved without rotation: tap columns and rows set up once (5 per tap), then 4 per pixel.
        Assert.Equal((5L * (32 + 24) * 2) + ((4 + normalization) * 32L * 24), SampleFlops(photo, new Affine2(2, 0, 0, 0, 2, 0), 32, 24));

        // Halved and rotated: the general box filter, 5 + 3t + 14t² per pixel with t = 2 taps a side.
        var cos = 2 * MathF.Cos(0.1f);
        var sin = 2 * MathF.Sin(0.1f);
        Assert.Equal((5 + 6 + 56 + normalization) * 32L * 24, SampleFlops(photo, new Affine2(cos, -sin, 8, sin, cos, 0), 32, 24));
    }

    [Fact]
    public void Counting_does_not_change_what_a_kernel_computes()
    {
        var random = new Random(3);
        var guide = new PlanarImage(96, 64);
        for (var i = 0; i < guide.Data.Length; i++)
        {
            guide.Data[i] = (float)random.NextDouble();
        }

        var input = guide.Plane(1).ToArray();
        var tally = new FlopTally();

        var uncounted = Filters.GuidedColour(guide, input, 6, 1e-3f, 2);
        var counted = Filters.GuidedColour(guide, input, 6, 1e-3f, 2, tally);

        Assert.Equal(uncounted, counted);
        Assert.True(tally.Count > 68L * 48 * 32, $"the coefficients alone are 68 per pixel at half resolution; counted {tally.Count}");
    }

    private static long BoxMeanFlops(int width, int height, int radius)
    {
        var tally = new FlopTally();
        var plane = new float[width * height];
        Filters.BoxMean(plane, plane, width, height, radius, tally);
        return tally.Count;
    }

    private static long CompositeFlops(int width, int height)
    {
        var tally = new FlopTally();
        var alpha = new float[width * height];
        Background.Composite(new PlanarImage(width, height), alpha, new PlanarImage(width, height), new PlanarImage(width, height), tally);
        return tally.Count;
    }

    private static long SampleFlops(Image<Rgb24> photo, Affine2 destinationToSource, int width, int height)
    {
        var tally = new FlopTally();
        PlanarImage.Sample(photo, destinationToSource, width, height, default, tally);
        return tally.Count;
    }
}
