using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Headshots.Vision.Tests.Onnx.Importers;

/// <summary>Runs imported ONNX bytes in ONNX Runtime and computes what the source formats define, directly in C#, to compare with.</summary>
internal static class ImporterKit
{
    /// <summary>Seeded values in [-1, 1], so every run checks the same numbers.</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary>The value fp16 storage keeps of <paramref name="values"/>: what the source model really computes with.</summary>
    public static float[] AsFloat16(float[] values) => values.Select(v => (float)(Half)v).ToArray();

    public static Dictionary<string, (float[] Data, int[] Shape)> Run(byte[] onnx, string input, float[] data, params int[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(data, shape))]);
        return results.ToDictionary(r => r.Name, r =>
        {
            var tensor = r.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray());
        });
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>TensorFlow's SAME padding before the data: ⌊total/2⌋ of total = max((out−1)·s + (k−1)·d + 1 − in, 0).</summary>
    public static int SamePadBefore(int size, int outSize, int kernel, int stride, int dilation = 1) =>
        Math.Max(((outSize - 1) * stride) + ((kernel - 1) * dilation) + 1 - size, 0) / 2;

    /// <summary>
    /// NHWC convolution as TFLite defines it. <paramref name="weights"/> is OHWI with I = input channels / groups; output
    /// channel o reads the input channels of group o / (O / groups).
    /// </summary>
    public static float[] ConvNhwc(
        float[] input, int height, int width, int channels, float[] weights, int outChannels, int kernelH, int kernelW, float[]? bias,
        int stride, int dilation, int padTop, int padLeft, int outH, int outW, int groups = 1)
    {
        var perGroupIn = channels / groups;
        var perGroupOut = outChannels / groups;
        var output = new float[outH * outW * outChannels];
        for (var oy = 0; oy < outH; oy++)
        {
            for (var ox = 0; ox < outW; ox++)
            {
                for (var oc = 0; oc < outChannels; oc++)
                {
                    var sum = bias?[oc] ?? 0;
                    var group = oc / perGroupOut;
                    for (var ky = 0; ky < kernelH; ky++)
                    {
                        for (var kx = 0; kx < kernelW; kx++)
                        {
                            var (iy, ix) = ((oy * stride) - padTop + (ky * dilation), (ox * stride) - padLeft + (kx * dilation));
                            if (iy < 0 || iy >= height || ix < 0 || ix >= width)
                            {
                                continue;
                            }

                            for (var ic = 0; ic < perGroupIn; ic++)
                            {
                                sum += input[(((iy * width) + ix) * channels) + (group * perGroupIn) + ic]
                                    * weights[(((((oc * kernelH) + ky) * kernelW) + kx) * perGroupIn) + ic];
                            }
                        }
                    }

                    output[(((oy * outW) + ox) * outChannels) + oc] = sum;
                }
            }
        }

        return output;
    }

    /// <summary>TFLite's RESIZE_BILINEAR (NHWC) for its three sampling conventions.</summary>
    public static float[] ResizeBilinearNhwc(float[] input, int height, int width, int channels, int outH, int outW, bool alignCorners, bool halfPixelCenters)
    {
        var output = new float[outH * outW * channels];
        for (var oy = 0; oy < outH; oy++)
        {
            var (y0, y1, fy) = Source(oy, height, outH);
            for (var ox = 0; ox < outW; ox++)
            {
                var (x0, x1, fx) = Source(ox, width, outW);
                for (var c = 0; c < channels; c++)
                {
                    float At(int y, int x) => input[(((y * width) + x) * channels) + c];
                    var top = At(y0, x0) + ((At(y0, x1) - At(y0, x0)) * fx);
                    var bottom = At(y1, x0) + ((At(y1, x1) - At(y1, x0)) * fx);
                    output[(((oy * outW) + ox) * channels) + c] = top + ((bottom - top) * fy);
                }
            }
        }

        return output;

        (int Lower, int Upper, float Fraction) Source(int o, int size, int outSize)
        {
            var scale = alignCorners && outSize > 1 ? (size - 1) / (float)(outSize - 1) : size / (float)outSize;
            var position = halfPixelCenters ? ((o + 0.5f) * scale) - 0.5f : o * scale;
            var floor = (int)Math.Floor(position);
            return (Math.Max(floor, 0), Math.Min((int)Math.Ceiling(position), size - 1), position - floor);
        }
    }
}
