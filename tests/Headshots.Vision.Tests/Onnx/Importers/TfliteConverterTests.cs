using System.Buffers.Binary;
using Headshots.Vision.Onnx.Importers;
using static Headshots.Vision.Tests.Onnx.Importers.ImporterKit;

namespace Headshots.Vision.Tests.Onnx.Importers;

/// <summary>The TFLite importer on tiny flatbuffers built in the test, checked against TFLite's definitions computed directly.</summary>
public sealed class TfliteConverterTests
{
    private const int SamePadding = 0;
    private const int Relu = 1;

    [Fact]
    public void Conv_with_fused_relu_then_depthwise_then_resize_matches_a_direct_computation_and_keeps_nhwc()
    {
        // Conv: 6x8x3 → 3x4x4, stride 2, SAME (odd total padding: 0 rows before, 1 after), fp16 weights behind DEQUANTIZE.
        var convWeights = Values(4 * 3 * 3 * 3, seed: 1);
        var convBias = Values(4, seed: 2);
        // Depthwise: 3x4x4 → 3x4x8 (depth multiplier 2), dilation 2, SAME.
        var depthWeights = Values(3 * 3 * 8, seed: 3);
        var depthBias = Values(8, seed: 4);
        var input = Values(6 * 8 * 3, seed: 5);

        var model = new TinyTflite();
        var x = model.Input("input_1", 1, 6, 8, 3);
        var w1 = model.Float16Weights("conv/Kernel", convWeights, 4, 3, 3, 3);
        var b1 = model.Weights("conv/Bias", convBias, 4);
        var conv = model.Activation("conv", 1, 3, 4, 4);
        model.Op(TfliteBuiltin.Conv2D, [x, w1, b1], [conv],
            TfliteOption.Byte(0, SamePadding), TfliteOption.Int(1, 2), TfliteOption.Int(2, 2), TfliteOption.Byte(3, Relu), TfliteOption.Int(4, 1), TfliteOption.Int(5, 1));
        var w2 = model.Weights("dw/Kernel", depthWeights, 1, 3, 3, 8);
        var b2 = model.Weights("dw/Bias", depthBias, 8);
        var depthwise = model.Activation("dw", 1, 3, 4, 8);
        model.Op(TfliteBuiltin.DepthwiseConv2D, [conv, w2, b2], [depthwise],
            TfliteOption.Int(1, 1), TfliteOption.Int(2, 1), TfliteOption.Int(3, 2), TfliteOption.Int(5, 2), TfliteOption.Int(6, 2));
        var size = model.IntConstant("resize/Size", [5, 7], 2);
        var resized = model.Activation("resized", 1, 5, 7, 8);
        model.Op(TfliteBuiltin.ResizeBilinear, [depthwise, size], [resized], TfliteOption.Byte(3, 1));
        var onnx = new TfliteConverter().Convert([model.Build(resized)]);

        var expectedConv = ConvNhwc(input, 6, 8, 3, AsFloat16(convWeights), 4, 3, 3, convBias, stride: 2, dilation: 1,
            padTop: SamePadBefore(6, 3, 3, 2), padLeft: SamePadBefore(8, 4, 3, 2), outH: 3, outW: 4).Select(v => Math.Max(v, 0)).ToArray();
        // Depthwise output channel c·2+m reads input channel c: a grouped convolution with OHWI weights [8,3,3,1].
        var grouped = new float[8 * 3 * 3];
        for (var k = 0; k < 9; k++)
        {
            for (var oc = 0; oc < 8; oc++)
            {
                grouped[(oc * 9) + k] = depthWeights[(k * 8) + oc];
            }
        }

        var expectedDepthwise = ConvNhwc(expectedConv, 3, 4, 4, grouped, 8, 3, 3, depthBias, stride: 1, dilation: 2,
            padTop: SamePadBefore(3, 3, 3, 1, 2), padLeft: SamePadBefore(4, 4, 3, 1, 2), outH: 3, outW: 4, groups: 4);
        var expected = ResizeBilinearNhwc(expectedDepthwise, 3, 4, 8, 5, 7, alignCorners: false, halfPixelCenters: true);

        var result = Run(onnx, "input_1", input, 1, 6, 8, 3)["resized"];
        Assert.Equal([1, 5, 7, 8], result.Shape);
        AssertClose(expected, result.Data);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Resize_bilinear_follows_tflites_sampling_for_each_flag(bool alignCorners, bool halfPixelCenters)
    {
        var input = Values(3 * 4 * 2, seed: 6);
        var model = new TinyTflite();
        var x = model.Input("x", 1, 3, 4, 2);
        var size = model.IntConstant("size", [7, 5], 2);
        var y = model.Activation("y", 1, 7, 5, 2);
        model.Op(TfliteBuiltin.ResizeBilinear, [x, size], [y], TfliteOption.Byte(2, alignCorners ? 1 : 0), TfliteOption.Byte(3, halfPixelCenters ? 1 : 0));

        var result = Run(new TfliteConverter().Convert([model.Build(y)]), "x", input, 1, 3, 4, 2)["y"];

        AssertClose(ResizeBilinearNhwc(input, 3, 4, 2, 7, 5, alignCorners, halfPixelCenters), result.Data);
    }

    [Fact]
    public void MediaPipes_transpose_conv_with_bias_crops_the_odd_padding_at_the_end()
    {
        // Kernel 3, stride 2, 4 → 8: MediaPipe's SAME total padding is 3 − (4−1) mod 2 − 1 = 1, all of it after the data.
        var weights = Values(2 * 3 * 3 * 3, seed: 7);
        var bias = Values(2, seed: 8);
        var input = Values(4 * 4 * 3, seed: 9);
        var model = new TinyTflite();
        var x = model.Input("x", 1, 4, 4, 3);
        var w = model.Weights("w", weights, 2, 3, 3, 3);
        var b = model.Weights("b", bias, 2);
        var y = model.Activation("y", 1, 8, 8, 2);
        var options = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(options, 1);
        BinaryPrimitives.WriteInt32LittleEndian(options.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32LittleEndian(options.AsSpan(8), 2);
        model.Custom("Convolution2DTransposeBias", [x, w, b], [y], options);

        var expected = new float[8 * 8 * 2];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = bias[i % 2];
        }

        for (var iy = 0; iy < 4; iy++)
        {
            for (var ix = 0; ix < 4; ix++)
            {
                for (var ky = 0; ky < 3; ky++)
                {
                    for (var kx = 0; kx < 3; kx++)
                    {
                        var (oy, ox) = ((iy * 2) + ky, (ix * 2) + kx);
                        if (oy >= 8 || ox >= 8)
                        {
                            continue;
                        }

                        for (var oc = 0; oc < 2; oc++)
                        {
                            for (var ic = 0; ic < 3; ic++)
                            {
                                expected[(((oy * 8) + ox) * 2) + oc] += input[(((iy * 4) + ix) * 3) + ic] * weights[(((((oc * 3) + ky) * 3) + kx) * 3) + ic];
                            }
                        }
                    }
                }
            }
        }

        var result = Run(new TfliteConverter().Convert([model.Build(y)]), "x", input, 1, 4, 4, 3)["y"];

        Assert.Equal([1, 8, 8, 2], result.Shape);
        AssertClose(expected, result.Data);
    }

    [Fact]
    public void Squeeze_excite_block_with_prelu_pad_and_hard_swish_broadcasts_like_tflite()
    {
        // x → PRELU(alpha [1,1,C]) → global AVERAGE_POOL → LOGISTIC → MUL back onto the PRELU output ([1,1,1,C] broadcast)
        // → ADD a [C] constant → PAD two zero channels → HARD_SWISH.
        const int h = 3, w = 4, c = 3;
        var input = Values(h * w * c, seed: 10);
        var alpha = Values(c, seed: 11);
        var offset = Values(c, seed: 12);
        var model = new TinyTflite();
        var x = model.Input("x", 1, h, w, c);
        var a = model.Weights("alpha", alpha, 1, 1, c);
        var p = model.Activation("prelu", 1, h, w, c);
        model.Op(TfliteBuiltin.Prelu, [x, a], [p]);
        var pooled = model.Activation("pooled", 1, 1, 1, c);
        model.Op(TfliteBuiltin.AveragePool2D, [p], [pooled], TfliteOption.Byte(0, 1), TfliteOption.Int(1, 1), TfliteOption.Int(2, 1), TfliteOption.Int(3, w), TfliteOption.Int(4, h));
        var gate = model.Activation("gate", 1, 1, 1, c);
        model.Op(TfliteBuiltin.Logistic, [pooled], [gate]);
        var scaled = model.Activation("scaled", 1, h, w, c);
        model.Op(TfliteBuiltin.Mul, [p, gate], [scaled]);
        var bias = model.Weights("offset", offset, c);
        var shifted = model.Activation("shifted", 1, h, w, c);
        model.Op(TfliteBuiltin.Add, [scaled, bias], [shifted]);
        var paddings = model.IntConstant("paddings", [0, 0, 0, 0, 0, 0, 0, 2], 4, 2);
        var padded = model.Activation("padded", 1, h, w, c + 2);
        model.Op(TfliteBuiltin.Pad, [shifted, paddings], [padded]);
        var y = model.Activation("y", 1, h, w, c + 2);
        model.Op(TfliteBuiltin.HardSwish, [padded], [y]);

        var prelu = input.Select((v, i) => v >= 0 ? v : v * alpha[i % c]).ToArray();
        var means = Enumerable.Range(0, c).Select(ch => prelu.Where((_, i) => i % c == ch).Average()).ToArray();
        var expected = new float[h * w * (c + 2)];
        for (var pixel = 0; pixel < h * w; pixel++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var v = (prelu[(pixel * c) + ch] / (1 + MathF.Exp(-means[ch]))) + offset[ch];
                expected[(pixel * (c + 2)) + ch] = v * Math.Clamp(v + 3, 0, 6) / 6;
            }
        }

        var result = Run(new TfliteConverter().Convert([model.Build(y)]), "x", input, 1, h, w, c)["y"];

        Assert.Equal([1, h, w, c + 2], result.Shape);
        AssertClose(expected, result.Data);
    }

    [Fact]
    public void Renames_give_graph_inputs_and_outputs_meaningful_names_only_when_name_and_shape_match()
    {
        var model = new TinyTflite();
        var x = model.Input("input_1", 1, 2, 2, 1);
        var y = model.Activation("activation_10", 1, 2, 2, 1);
        model.Op(TfliteBuiltin.Logistic, [x], [y]);
        var bytes = model.Build(y);
        var options = new TfliteImportOptions { Renames = [new("input_1", [1, 2, 2, 1], "image"), new("activation_10", [1, 9, 9, 1], "mask")] };

        var result = Run(new TfliteConverter(options).Convert([bytes]), "image", [0, 1, 2, 3], 1, 2, 2, 1);

        Assert.Equal(["activation_10"], result.Keys);
        AssertClose([0.5f, 0.7310586f, 0.8807971f, 0.9525741f], result["activation_10"].Data);
    }

    [Fact]
    public void An_unsupported_operator_is_refused_by_name()
    {
        var model = new TinyTflite();
        var x = model.Input("x", 1, 2, 2, 1);
        var y = model.Activation("y", 1, 2, 2, 1);
        model.Op((TfliteBuiltin)25, [x], [y]);

        var error = Assert.Throws<ModelImportException>(() => new TfliteConverter().Convert([model.Build(y)]));

        Assert.StartsWith("25 → y: this operator is not supported by the TFLite importer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_tflite_is_refused()
    {
        var error = Assert.Throws<ModelImportException>(() => new TfliteConverter().Convert([[1, 2, 3, 4, 5, 6, 7, 8, 9]]));

        Assert.Contains("Not a TFLite file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Converting_the_same_bytes_twice_gives_identical_onnx()
    {
        var model = new TinyTflite();
        var x = model.Input("x", 1, 4, 4, 2);
        var w = model.Float16Weights("w", Values(3 * 3 * 3 * 2, seed: 13), 3, 3, 3, 2);
        var y = model.Activation("y", 1, 4, 4, 3);
        model.Op(TfliteBuiltin.Conv2D, [x, w], [y], TfliteOption.Int(1, 1), TfliteOption.Int(2, 1), TfliteOption.Byte(3, Relu));
        var bytes = model.Build(y);

        Assert.Equal(new TfliteConverter().Convert([bytes]), new TfliteConverter().Convert([bytes]));
    }
}
