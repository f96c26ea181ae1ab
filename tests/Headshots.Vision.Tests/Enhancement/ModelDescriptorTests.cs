using Headshots.Vision.Enhancement;
using Headshots.Vision.Geometry;
using Headshots.Vision.Onnx;

namespace Headshots.Vision.Tests.Enhancement;

/// <summary>Descriptor-driven models, run on small generated ONNX graphs.</summary>
public sealed class ModelDescriptorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headshots-descriptor-").FullName;

    [Fact]
    public void Tiled_output_with_overlap_equals_the_untiled_output()
    {
        using var model = Save("sr2", EnhancementGraphs.ConvPixelShuffle(seed: 3));
        var input = RandomImage(101, 67, seed: 1);
        var whole = new ModelDescriptor { ModelId = "sr2", OutputScale = 2 };
        var tiled = whole with { TileSize = 24, TileOverlap = 2 };

        var expected = new ModelRunner(model, whole).Run(input);
        var actual = new ModelRunner(model, tiled).Run(input);

        Assert.Equal((202, 134), (actual.Width, actual.Height));
        Assert.Equal(expected.Data.Length, actual.Data.Length);
        var worst = expected.Data.Zip(actual.Data, (a, b) => MathF.Abs(a - b)).Max();
        Assert.True(worst < 1e-5f, $"largest difference {worst}");
    }

    [Fact]
    public void Tiles_without_enough_overlap_differ_so_the_equality_above_is_not_vacuous()
    {
        using var model = Save("sr2", EnhancementGraphs.ConvPixelShuffle(seed: 3));
        var input = RandomImage(101, 67, seed: 1);
        var whole = new ModelDescriptor { ModelId = "sr2", OutputScale = 2 };

        var expected = new ModelRunner(model, whole).Run(input);
        var actual = new ModelRunner(model, whole with { TileSize = 24, TileOverlap = 0 }).Run(input);

        Assert.True(expected.Data.Zip(actual.Data, (a, b) => MathF.Abs(a - b)).Max() > 1e-3f);
    }

    [Fact]
    public void Mean_std_and_output_range_round_trip_through_an_identity_model()
    {
        using var model = Save("identity", EnhancementGraphs.IdentityNchw(32));
        var input = RandomImage(32, 32, seed: 2);
        var descriptor = new ModelDescriptor
        {
            ModelId = "identity",
            InputWidth = 32,
            InputHeight = 32,
            Mean = [0.5f, 0.5f, 0.5f],
            Std = [0.5f, 0.5f, 0.5f],
            OutputMin = -1,
            OutputMax = 1,
            TileOverlap = 4,
        };

        var output = new ModelRunner(model, descriptor).Run(input);

        Assert.Equal(input.Data.Length, output.Data.Length);
        Assert.True(input.Data.Zip(output.Data, (a, b) => MathF.Abs(a - b)).Max() < 1e-5f);
    }

    [Fact]
    public void A_face_model_described_in_configuration_restores_only_the_face_by_strength()
    {
        using var model = Save("fake_gfpgan", EnhancementGraphs.NegateNhwc(64));
        var options = EnhancementOptions.FromJson("""
            {
              // What an operator writes to add a face restorer: no code, only the model's contract.
              "restorers": [{
                "modelId": "fake_gfpgan", "inputName": "face", "outputName": "restored",
                "layout": "nhwc", "region": "face", "inputWidth": 64, "inputHeight": 64,
                "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "outputMin": -1, "outputMax": 1
              }]
            }
            """);
        var descriptor = Assert.Single(options.Restorers);
        var canvas = Gradient(320, 400);
        var face = SyntheticFaces.Face(new Point2(160, 160), 60);
        var layer = Restoration.Run(new ModelRunner(model, descriptor), canvas, face);

        var nose = ((int)face.Points[30].Y * canvas.Width) + (int)face.Points[30].X;
        var corner = 0;
        var weak = canvas.Clone();
        layer.BlendInto(weak, 0.5f);
        var full = canvas.Clone();
        layer.BlendInto(full, 1);
        var none = canvas.Clone();
        layer.BlendInto(none, 0);

        for (var c = 0; c < 3; c++)
        {
            var k = (c * canvas.PixelCount) + nose;
            Assert.Equal(1 - canvas.Data[k], full.Data[k], 0.01f);
            Assert.Equal((canvas.Data[k] + full.Data[k]) / 2, weak.Data[k], 1e-4f);
            Assert.Equal(canvas.Data[(c * canvas.PixelCount) + corner], full.Data[(c * canvas.PixelCount) + corner]);
        }

        Assert.Equal(canvas.Data, none.Data);
    }

    [Fact]
    public void Enhancement_models_load_a_configured_restorer_from_the_models_folder()
    {
        Save("fake_gfpgan", EnhancementGraphs.NegateNhwc(64)).Dispose();
        var options = new EnhancementOptions
        {
            Restorers = [new ModelDescriptor { ModelId = "fake_gfpgan", Layout = ModelLayout.Nhwc, Region = ModelRegion.Face, InputWidth = 64, InputHeight = 64 }],
        };

        using var models = EnhancementModels.Load(_directory, options, new OnnxSessionOptions { IntraOpThreads = 1 });

        Assert.Equal("fake_gfpgan", Assert.Single(models.Restorers).ModelId);
        Assert.Equal(64, models.Sha256["fake_gfpgan"].Length);
        Assert.Contains(BuiltInModels.SelfieSegmentationId, models.Missing);
    }

    [Fact]
    public void A_descriptor_that_names_a_tensor_the_model_lacks_is_refused()
    {
        using var model = Save("identity", EnhancementGraphs.IdentityNchw(32));

        var e = Assert.Throws<ArgumentException>(() => new ModelRunner(model, new ModelDescriptor { ModelId = "identity", InputName = "image" }));

        Assert.Contains("'image'", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Smooth colours, so resampling into the face crop and back changes them by far less than the test's tolerance.</summary>
    private static PlanarImage Gradient(int width, int height)
    {
        var image = new PlanarImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                image.Data[i] = (float)x / width;
                image.Data[image.PixelCount + i] = (float)y / height;
                image.Data[(2 * image.PixelCount) + i] = 0.2f + (0.1f * MathF.Sin(x / 30f));
            }
        }

        return image;
    }

    private static PlanarImage RandomImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (float)random.NextDouble();
        }

        return image;
    }

    private OnnxModel Save(string id, byte[] graph)
    {
        var path = Path.Combine(_directory, id + ".onnx");
        File.WriteAllBytes(path, graph);
        return OnnxModel.Load(id, path, new OnnxSessionOptions { IntraOpThreads = 1 });
    }
}
