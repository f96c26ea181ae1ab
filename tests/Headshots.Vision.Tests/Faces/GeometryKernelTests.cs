using Headshots.Vision.Geometry;

namespace Headshots.Vision.Tests.Faces;

public sealed class GeometryKernelTests
{
    [Fact]
    public void Nms_keeps_the_best_of_overlapping_boxes_and_every_separate_box()
    {
        Box[] boxes = [new(0, 0, 10, 10), new(1, 1, 11, 11), new(50, 50, 60, 60), new(0, 0, 10, 10.5f)];
        float[] scores = [0.8f, 0.9f, 0.7f, 0.95f];

        var kept = NonMaxSuppression.Select(boxes, scores, 0.4f);

        Assert.Equal([3, 2], kept);
    }

    [Fact]
    public void Nms_keeps_boxes_whose_overlap_is_at_or_below_the_threshold()
    {
        // IoU of these two is exactly 1/3.
        Box[] boxes = [new(0, 0, 10, 10), new(5, 0, 15, 10)];

        Assert.Equal(2, NonMaxSuppression.Select(boxes, [0.9f, 0.8f], 0.34f).Count);
        Assert.Single(NonMaxSuppression.Select(boxes, [0.9f, 0.8f], 0.33f));
    }

    [Fact]
    public void Iou_of_identical_boxes_is_one_and_of_disjoint_boxes_zero()
    {
        Assert.Equal(1f, Box.IntersectionOverUnion(new(2, 2, 8, 9), new(2, 2, 8, 9)), 5);
        Assert.Equal(0f, Box.IntersectionOverUnion(new(0, 0, 1, 1), new(2, 2, 3, 3)));
    }

    [Fact]
    public void Similarity_estimate_recovers_a_known_transform_exactly()
    {
        var truth = new SimilarityTransform(1.3f * MathF.Cos(0.4f), 1.3f * MathF.Sin(0.4f), 12.5f, -7f);
        Point2[] source = [new(10, 20), new(40, 22), new(25, 40), new(14, 60), new(36, 61)];
        var target = source.Select(truth.Apply).ToArray();

        var estimated = SimilarityTransform.Estimate(source, target);

        Assert.Equal(truth.A, estimated.A, 4);
        Assert.Equal(truth.B, estimated.B, 4);
        Assert.Equal(truth.Tx, estimated.Tx, 3);
        Assert.Equal(truth.Ty, estimated.Ty, 3);
    }

    [Fact]
    public void Similarity_estimate_is_the_least_squares_fit_for_noisy_points()
    {
        // Symmetric noise around a pure scale by 2: the best fit is still scale 2, no rotation, no shift.
        Point2[] source = [new(-1, 0), new(1, 0), new(0, -1), new(0, 1)];
        Point2[] target = [new(-2.1f, 0), new(2.1f, 0), new(0, -1.9f), new(0, 1.9f)];

        var fit = SimilarityTransform.Estimate(source, target);

        Assert.Equal(2f, fit.A, 4);
        Assert.Equal(0f, fit.B, 4);
        Assert.Equal(0f, fit.Tx, 4);
    }

    [Fact]
    public void Similarity_inverse_maps_points_back()
    {
        var t = new SimilarityTransform(0.7f, -0.2f, 3, 4);
        var p = new Point2(17, -5);

        var back = t.Inverse().Apply(t.Apply(p));

        Assert.Equal(p.X, back.X, 4);
        Assert.Equal(p.Y, back.Y, 4);
    }

    [Fact]
    public void Cielab_matches_reference_values_for_white_and_srgb_red()
    {
        var white = Cielab.FromSrgb(255, 255, 255);
        var red = Cielab.FromSrgb(255, 0, 0);

        Assert.Equal(100, white.L, 2);
        Assert.Equal(0, white.A, 2);
        Assert.Equal(53.24, red.L, 1);
        Assert.Equal(80.09, red.A, 1);
        Assert.Equal(67.20, red.B, 1);
        Assert.Equal(Math.Sqrt(3), Cielab.DeltaE76(new Cielab(50, 1, 1), new Cielab(51, 2, 2)), 6);
    }
}
