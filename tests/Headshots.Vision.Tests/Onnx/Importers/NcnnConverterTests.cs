using System.Buffers.Binary;
using System.Text;
using Headshots.Vision.Onnx.Importers;
using static Headshots.Vision.Tests.Onnx.Importers.ImporterKit;

namespace Headshots.Vision.Tests.Onnx.Importers;

/// <summary>The NCNN importer on a tiny hand-written .param/.bin pair (Real-ESRGAN's layer kinds), checked against a direct computation.</summary>
public sealed class NcnnConverterTests
{
    private const uint Float16Tag = 0x01306B47;

    // Real-ESRGAN's shape in miniature: a convolution path ending in a pixel shuffle, plus a nearest ×2 copy of the input.
    private const string Param = """
        7767517
        8 9
        Input            in0     0 1 data
        Split            sp0     1 2 data d0 d1
        Convolution      conv0   1 1 d1 c0 0=3 1=3 4=1 5=1 6=27
        PReLU            pr0     1 1 c0 p0 0=3
        Convolution      conv1   1 1 p0 c1 0=4 1=1 5=1 6=12 9=1
        PixelShuffle     ps0     1 1 c1 s0 0=2
        Interp           up0     1 1 d0 u0 0=1 1=2.000000e+00 2=2.000000e+00
        BinaryOp         add0    2 1 s0 u0 output 0=0
        """;

    private static readonly float[] Conv0Weights = Values(27, seed: 21);
    private static readonly float[] Conv0Bias = Values(3, seed: 22);
    private static readonly float[] Slopes = Values(3, seed: 23);
    private static readonly float[] Conv1Weights = Values(12, seed: 24);
    private static readonly float[] Conv1Bias = Values(4, seed: 25);

    [Fact]
    public void Convolution_prelu_pixel_shuffle_and_nearest_residual_match_a_direct_computation()
    {
        const int h = 5, w = 6;
        var input = Values(h * w, seed: 26);

        var result = Run(Convert(Bin()), "data", input, 1, 1, h, w)["output"];

        Assert.Equal([1, 1, 2 * h, 2 * w], result.Shape);
        AssertClose(Expected(input, h, w), result.Data);
    }

    [Fact]
    public void Ncnn_inputs_and_outputs_are_named_by_the_options_and_have_dynamic_height_and_width()
    {
        var onnx = new NcnnConverter(new NcnnImportOptions { Renames = [new("data", [], "image"), new("output", [], "upscaled")] })
            .Convert([Encoding.ASCII.GetBytes(Param), Bin()]);
        var input = Values(3 * 4, seed: 27);

        var result = Run(onnx, "image", input, 1, 1, 3, 4);

        Assert.Equal([1, 1, 6, 8], result["upscaled"].Shape);
        AssertClose(Expected(input, 3, 4), result["upscaled"].Data);
    }

    [Fact]
    public void A_bin_file_that_is_too_short_or_too_long_is_refused()
    {
        var bin = Bin();

        var shorter = Assert.Throws<ModelImportException>(() => Convert(bin[..^4]));
        var longer = Assert.Throws<ModelImportException>(() => Convert([.. bin, 0, 0, 0, 0]));

        Assert.Equal("Convolution 'conv1': the .bin file ends 4 bytes too early", shorter.Message);
        Assert.Equal("The .bin file has 4 bytes no layer reads: the .param and .bin do not belong together.", longer.Message);
    }

    [Fact]
    public void Int8_weights_and_unknown_layers_are_refused_by_name()
    {
        var bin = Bin();
        BinaryPrimitives.WriteUInt32LittleEndian(bin, 0x000D4B38);
        var unknown = Param.Replace("PReLU            pr0", "Softmax          pr0", StringComparison.Ordinal);

        var int8 = Assert.Throws<ModelImportException>(() => Convert(bin));
        var layer = Assert.Throws<ModelImportException>(() => new NcnnConverter().Convert([Encoding.ASCII.GetBytes(unknown), Bin()]));

        Assert.Contains("weight tag 0x000D4B38", int8.Message, StringComparison.Ordinal);
        Assert.Equal("Softmax 'pr0': this layer type is not supported by the NCNN importer", layer.Message);
    }

    [Fact]
    public void Converting_the_same_files_twice_gives_identical_onnx() => Assert.Equal(Convert(Bin()), Convert(Bin()));

    private static byte[] Convert(byte[] bin) => new NcnnConverter().Convert([Encoding.ASCII.GetBytes(Param), bin]);

    /// <summary>conv0: fp16 (27 values, so 2 bytes of padding), raw fp32 bias; PReLU slopes raw fp32; conv1: fp32 tag, raw fp32 bias.</summary>
    private static byte[] Bin()
    {
        using var stream = new MemoryStream();
        void U32(uint v) => stream.Write(BitConverter.GetBytes(v));
        void F32(IEnumerable<float> values)
        {
            foreach (var v in values)
            {
                stream.Write(BitConverter.GetBytes(v));
            }
        }

        U32(Float16Tag);
        foreach (var v in Conv0Weights)
        {
            stream.Write(BitConverter.GetBytes((Half)v));
        }

        stream.Write(new byte[2]);
        F32(Conv0Bias);
        F32(Slopes);
        U32(0);
        F32(Conv1Weights);
        F32(Conv1Bias);
        return stream.ToArray();
    }

    /// <summary>NCNN's definitions, NCHW: 3x3 convolution with zero padding 1, PReLU, 1x1 convolution + ReLU, PixelShuffle (PyTorch order), nearest ×2, add.</summary>
    private static float[] Expected(float[] input, int h, int w)
    {
        var weights0 = AsFloat16(Conv0Weights);
        var hidden = new float[3 * h * w];
        for (var oc = 0; oc < 3; oc++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var sum = Conv0Bias[oc];
                    for (var ky = 0; ky < 3; ky++)
                    {
                        for (var kx = 0; kx < 3; kx++)
                        {
                            var (iy, ix) = (y + ky - 1, x + kx - 1);
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                            {
                                sum += input[(iy * w) + ix] * weights0[(oc * 9) + (ky * 3) + kx];
                            }
                        }
                    }

                    hidden[(((oc * h) + y) * w) + x] = sum >= 0 ? sum : sum * Slopes[oc];
                }
            }
        }

        var output = new float[4 * h * w];
        for (var y = 0; y < 2 * h; y++)
        {
            for (var x = 0; x < 2 * w; x++)
            {
                // PixelShuffle mode 0: output (y, x) of channel 0 comes from channel (y mod 2)·2 + (x mod 2) at (y/2, x/2).
                var channel = ((y % 2) * 2) + (x % 2);
                var sum = Conv1Bias[channel];
                for (var ic = 0; ic < 3; ic++)
                {
                    sum += hidden[(((ic * h) + (y / 2)) * w) + (x / 2)] * Conv1Weights[(channel * 3) + ic];
                }

                output[(y * 2 * w) + x] = Math.Max(sum, 0) + input[((y / 2) * w) + (x / 2)];
            }
        }

        return output;
    }
}
