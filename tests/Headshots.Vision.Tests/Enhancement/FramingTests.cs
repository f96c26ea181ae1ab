using Headshots.Vision.Enhancement;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Enhancement;

public sealed class FramingTests
{
    private static readonly Composition Portrait = HeadshotStyles.Find("studio-grey").Composition;

    [Theory]
    [InlineData(0f)]
    [InlineData(12f)]
    [InlineData(-20f)]
    public void Eyes_end_up_level_on_the_eye_line_centred_at_the_composition_width(float roll)
    {
        var face = SyntheticFaces.Face(new Point2(1000, 900), 160, roll);

        var plan = Framing.Plan(2000, 2400, face, Portrait, new FramingOptions());

        var left = plan.ToCanvas(face.LeftEye);
        var right = plan.ToCanvas(face.RightEye);
        Assert.Equal((819, 1024), (plan.Width, plan.Height));
        Assert.Equal(roll, plan.RollDegrees, 0.01f);
        Assert.Equal(left.Y, right.Y, 0.01f);
        Assert.Equal(0.40f * plan.Height, left.Y, 0.5f);
        Assert.Equal(plan.Width / 2f, (left.X + right.X) / 2, 0.5f);

        // Jaw width 2.2 × 160 = 352 source px becomes 30 % of the frame width.
        Assert.Equal(0.30f * plan.Width, Point2.Distance(plan.ToCanvas(face.Points[0]), plan.ToCanvas(face.Points[16])), 1f);
    }

    [Fact]
    public void A_square_style_gives_a_square_frame_of_the_full_long_side()
    {
        var face = SyntheticFaces.Face(new Point2(1000, 900), 160);

        var plan = Framing.Plan(2000, 2400, face, HeadshotStyles.Find("avatar-square").Composition, new FramingOptions());

        Assert.Equal((1024, 1024), (plan.Width, plan.Height));
    }

    [Fact]
    public void A_small_face_gives_a_smaller_frame_instead_of_enlarging_beyond_the_limit()
    {
        var face = SyntheticFaces.Face(new Point2(200, 180), 40);
        var options = new FramingOptions { MaxUpscale = 2 };

        var plan = Framing.Plan(400, 480, face, Portrait, options);

        Assert.True(plan.Scale <= options.MaxUpscale + 1e-3f, $"scale {plan.Scale}");
        Assert.True(plan.Height < 1024 && plan.Height >= options.MinLongSide, $"height {plan.Height}");
        Assert.Equal(0.8f, (float)plan.Width / plan.Height, 0.01f);
    }

    [Fact]
    public void Beyond_the_photo_the_frame_shows_the_new_background_never_stretched_pixels()
    {
        // Noise everywhere, so any stretched or mirrored photo pixel would differ from the flat backdrop.
        using var source = Noise(600, 500);
        var face = SyntheticFaces.Face(new Point2(120, 110), 60);
        var plan = Framing.Plan(source.Width, source.Height, face, Portrait, new FramingOptions());
        var canvas = Framing.Render(source, plan, new FramingOptions(), out var coverage);
        var backdrop = new PlanarImage(plan.Width, plan.Height);
        Array.Fill(backdrop.Data, 0.5f);

        Background.Composite(canvas, coverage, Background.EstimateBackdrop(canvas, coverage, coverage, 8), backdrop);

        // The face sits near the photo's top-left corner, so the frame's top-left lies beyond the photo.
        Assert.Equal(0, coverage[0]);
        var outside = 0;
        for (var i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] == 0)
            {
                outside++;
                Assert.Equal(0.5f, canvas.Data[i], 1e-6f);
                Assert.Equal(0.5f, canvas.Data[(2 * canvas.PixelCount) + i], 1e-6f);
            }
        }

        Assert.True(outside > coverage.Length / 10, $"{outside} of {coverage.Length} pixels beyond the photo");
    }

    [Fact]
    public void A_photo_cut_off_above_the_frame_bottom_is_zoomed_in_no_further_than_the_limit()
    {
        var face = SyntheticFaces.Face(new Point2(500, 300), 120);
        var options = new FramingOptions();

        var loose = Framing.Plan(1000, 5000, face, Portrait, options);
        var tight = Framing.Plan(1000, 520, face, Portrait, options);

        Assert.True(tight.Scale > loose.Scale);
        Assert.True(tight.Scale <= (loose.Scale * options.MaxTightening) + 1e-3f);
        Assert.Equal(0.40f * tight.Height, tight.ToCanvas(face.LeftEye).Y, 0.5f);
    }

    [Fact]
    public void A_photo_cropped_close_at_the_sides_is_zoomed_until_the_frame_lies_inside_it()
    {
        // Jaw 352 px wants a frame 1173 px wide at 30 %; the photo is 1000 px wide (a studio shot cropped at the arms).
        var face = SyntheticFaces.Face(new Point2(500, 600), 160);
        var options = new FramingOptions();

        var loose = Framing.Plan(3000, 3000, SyntheticFaces.Face(new Point2(1500, 1500), 160), Portrait, options);
        var close = Framing.Plan(1000, 1600, face, Portrait, options);

        Assert.InRange(close.Scale / loose.Scale, 1.1f, options.MaxTightening);
        foreach (var corner in new[] { new Point2(0, 0), new Point2(close.Width, 0), new Point2(0, close.Height), new Point2(close.Width, close.Height) })
        {
            var p = close.CanvasToSource.Apply(corner);
            Assert.InRange(p.X, -0.5f, 1000.5f);
            Assert.InRange(p.Y, -0.5f, 1600.5f);
        }

        // The composition holds: eyes level on the 40 % line, centred.
        Assert.Equal(0.40f * close.Height, close.ToCanvas(face.LeftEye).Y, 0.5f);
        Assert.Equal(close.Width / 2f, (close.ToCanvas(face.LeftEye).X + close.ToCanvas(face.RightEye).X) / 2, 0.5f);
    }

    private static Image<Rgb24> Noise(int width, int height)
    {
        var random = new Random(5);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    p = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        return image;
    }
}
