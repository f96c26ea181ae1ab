using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Faces;

public sealed class ImageSamplerTests
{
    [Fact]
    public void Identity_map_copies_pixels_into_planar_channels_with_normalisation()
    {
        using var image = new Image<Rgb24>(3, 2);
        image[1, 0] = new Rgb24(255, 127, 0);
        var tensor = new float[3 * 2 * 3];

        ImageSampler.Sample(image, Affine2.FromRegion(new Box(0, 0, 3, 2), 3, 2), 3, 2, TensorLayout.PlanarRgb, PixelNormalization.Uniform(127, 1 / 128f), default, tensor);

        Assert.Equal((255 - 127) / 128f, tensor[1], 5);
        Assert.Equal(0, tensor[6 + 1], 5);
        Assert.Equal(-127 / 128f, tensor[12 + 1], 5);
        Assert.Equal(-127 / 128f, tensor[0], 5);
    }

    [Fact]
    public void Interleaved_layout_and_grey_use_the_expected_order_and_weights()
    {
        using var image = new Image<Rgb24>(1, 1);
        image[0, 0] = new Rgb24(100, 150, 200);
        var rgb = new float[3];
        var grey = new float[1];

        ImageSampler.Sample(image, Affine2.FromRegion(new Box(0, 0, 1, 1), 1, 1), 1, 1, TensorLayout.InterleavedRgb, PixelNormalization.Uniform(0, 1), default, rgb);
        ImageSampler.Sample(image, Affine2.FromRegion(new Box(0, 0, 1, 1), 1, 1), 1, 1, TensorLayout.Grey, PixelNormalization.Uniform(0, 1), default, grey);

        Assert.Equal([100f, 150f, 200f], rgb);
        Assert.Equal((0.299f * 100) + (0.587f * 150) + (0.114f * 200), grey[0], 3);
    }

    [Fact]
    public void Regions_outside_the_image_read_the_fill_colour()
    {
        using var image = new Image<Rgb24>(4, 4, new Rgb24(200, 200, 200));
        var grey = new float[4 * 4];

        // The right half of the sampled region lies beyond the image.
        ImageSampler.Sample(image, Affine2.FromRegion(new Box(0, 0, 8, 4), 4, 2), 4, 2, TensorLayout.Grey, PixelNormalization.Uniform(0, 1), new Rgb24(0, 0, 0), grey);

        Assert.Equal(200, grey[0], 1);
        Assert.Equal(0, grey[3], 1);
    }

    [Fact]
    public void Downscaling_averages_instead_of_aliasing()
    {
        // A 1-px checkerboard shrunk 4× must come out mid-grey, not black or white.
        using var image = new Image<Rgb24>(16, 16);
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                image[x, y] = (x + y) % 2 == 0 ? new Rgb24(255, 255, 255) : new Rgb24(0, 0, 0);
            }
        }

        var grey = new float[4 * 4];
        ImageSampler.Sample(image, Affine2.FromRegion(new Box(0, 0, 16, 16), 4, 4), 4, 4, TensorLayout.Grey, PixelNormalization.Uniform(0, 1), default, grey);

        Assert.All(grey, v => Assert.InRange(v, 120, 135));
    }

    [Fact]
    public void Minifying_a_padded_region_gives_each_output_the_mean_of_its_source_block_and_the_fill()
    {
        // 4× minification of a region reaching 4 px past the left and top edges: every output pixel is the plain mean of
        // a 4×4 source block, reading the fill colour where the block lies outside the image.
        var random = new Random(7);
        using var image = new Image<Rgb24>(16, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            }
        }

        var fill = new Rgb24(10, 200, 30);
        var rgb = new float[6 * 4 * 3];
        ImageSampler.Sample(image, Affine2.FromRegion(new Box(-4, -4, 20, 12), 6, 4), 6, 4, TensorLayout.InterleavedRgb, PixelNormalization.Uniform(0, 1), fill, rgb);

        for (var oy = 0; oy < 4; oy++)
        {
            for (var ox = 0; ox < 6; ox++)
            {
                float r = 0, g = 0, b = 0;
                for (var sy = (4 * oy) - 4; sy < (4 * oy); sy++)
                {
                    for (var sx = (4 * ox) - 4; sx < (4 * ox); sx++)
                    {
                        var p = sx is >= 0 and < 16 && sy is >= 0 and < 8 ? image[sx, sy] : fill;
                        (r, g, b) = (r + p.R, g + p.G, b + p.B);
                    }
                }

                var i = 3 * ((oy * 6) + ox);
                Assert.Equal(r / 16, rgb[i], 3);
                Assert.Equal(g / 16, rgb[i + 1], 3);
                Assert.Equal(b / 16, rgb[i + 2], 3);
            }
        }
    }

    [Fact]
    public void A_minification_big_enough_to_run_in_bands_of_rows_gives_every_row_the_mean_of_its_block()
    {
        // 1280×960 source pixels (a 1200×900 photo with 40 and 30 px of fill around it) into 320×240 is 1.2 M taps: split
        // into bands of rows on a multi-core machine. Every output pixel, in every band, is the mean of its 4×4 block.
        const int width = 1200, height = 900;
        var random = new Random(11);
        using var image = new Image<Rgb24>(width, height);
        var bytes = new byte[width * height * 3];
        random.NextBytes(bytes);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var i = 3 * ((y * width) + x);
                    row[x] = new Rgb24(bytes[i], bytes[i + 1], bytes[i + 2]);
                }
            }
        });

        var fill = new Rgb24(10, 200, 30);
        var planar = new float[320 * 240 * 3];
        ImageSampler.Sample(image, Affine2.FromRegion(new Box(-40, -30, 1240, 930), 320, 240), 320, 240, TensorLayout.PlanarRgb, PixelNormalization.Uniform(0, 1), fill, planar);

        var plane = 320 * 240;
        for (var oy = 0; oy < 240; oy++)
        {
            for (var ox = 0; ox < 320; ox++)
            {
                int r = 0, g = 0, b = 0;
                for (var sy = (4 * oy) - 30; sy < (4 * oy) - 26; sy++)
                {
                    for (var sx = (4 * ox) - 40; sx < (4 * ox) - 36; sx++)
                    {
                        var p = sx is >= 0 and < width && sy is >= 0 and < height ? image[sx, sy] : fill;
                        (r, g, b) = (r + p.R, g + p.G, b + p.B);
                    }
                }

                var i = (oy * 320) + ox;
                Assert.Equal(r / 16f, planar[i]);
                Assert.Equal(g / 16f, planar[plane + i]);
                Assert.Equal(b / 16f, planar[(2 * plane) + i]);
            }
        }
    }
}
