using Headshots.Vision.Faces;
using Headshots.Vision.Onnx;

namespace Headshots.Vision.Enhancement;

/// <summary>A model's output: <see cref="Channels"/> planes of <see cref="Width"/>×<see cref="Height"/>, values in 0..1.</summary>
internal sealed record ModelOutput(int Width, int Height, int Channels, float[] Data)
{
    public ReadOnlySpan<float> Plane(int channel) => Data.AsSpan(channel * Width * Height, Width * Height);

    public PlanarImage ToPlanarImage() =>
        Channels == 3 ? new PlanarImage(Width, Height, Data) : throw new InvalidOperationException("Not a three-channel output.");
}

/// <summary>
/// Runs any image-to-image model from its <see cref="ModelDescriptor"/>: resize or tile the input, normalise, lay it out,
/// run the shared session, and read the output back into planes. Tiles overlap and only each tile's inner part is kept,
/// so every output pixel comes from a tile that saw <see cref="ModelDescriptor.TileOverlap"/> pixels of context around it.
/// </summary>
internal sealed class ModelRunner
{
    private readonly OnnxModel _model;
    private readonly string _inputName;
    private readonly string _outputName;

    public ModelRunner(OnnxModel model, ModelDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(descriptor);
        descriptor.Validate();
        _model = model;
        Descriptor = descriptor;
        _inputName = descriptor.InputName ?? model.Session.InputNames[0];
        _outputName = descriptor.OutputName ?? model.Session.OutputNames[0];
        if (!model.Session.InputNames.Contains(_inputName) || !model.Session.OutputNames.Contains(_outputName))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' has inputs [{string.Join(", ", model.Session.InputNames)}] and outputs [{string.Join(", ", model.Session.OutputNames)}]; " +
                $"the descriptor names '{_inputName}' → '{_outputName}'.");
        }
    }

    public ModelDescriptor Descriptor { get; }

    public string ModelId => _model.Id;

    public ModelOutput Run(PlanarImage input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = Descriptor;
        var inputMax = d.ScaleByImageMax ? MathF.Max(1e-6f, input.Data.Max()) : 1f;
        ModelOutput output;
        if (d.InputWidth is { } fw && d.InputHeight is { } fh && (d.FixedSize == FixedSizeHandling.Resize || d.Region == ModelRegion.Face))
        {
            var resized = input.Width == fw && input.Height == fh ? input : input.Resize(fw, fh);
            var raw = RunTile(resized, 0, 0, fw, fh, fw, fh, inputMax);
            output = raw.Width == input.Width * d.OutputScale && raw.Height == input.Height * d.OutputScale
                ? raw
                : ResizeOutput(raw, input.Width * d.OutputScale, input.Height * d.OutputScale);
        }
        else
        {
            output = RunTiled(input, inputMax);
        }

        Normalise(output.Data);
        return output;
    }

    private static ModelOutput ResizeOutput(ModelOutput raw, int width, int height)
    {
        var data = new float[raw.Channels * width * height];
        for (var c = 0; c < raw.Channels; c++)
        {
            PlanarImage.ResizePlane(raw.Plane(c), raw.Width, raw.Height, width, height).CopyTo(data.AsSpan(c * width * height));
        }

        return new ModelOutput(width, height, raw.Channels, data);
    }

    private ModelOutput RunTiled(PlanarImage input, float inputMax)
    {
        var d = Descriptor;
        var fixedSize = d.InputWidth is not null;
        var tileW = d.InputWidth ?? (d.TileSize > 0 ? d.TileSize : input.Width);
        var tileH = d.InputHeight ?? (d.TileSize > 0 ? d.TileSize : input.Height);
        if (!fixedSize && tileW >= input.Width && tileH >= input.Height)
        {
            return RunTile(input, 0, 0, input.Width, input.Height, input.Width, input.Height, inputMax);
        }

        var s = d.OutputScale;
        var overlap = d.TileOverlap;
        var result = new ModelOutput(input.Width * s, input.Height * s, d.OutputChannels, new float[d.OutputChannels * input.Width * s * input.Height * s]);
        var innerW = Math.Max(1, tileW - (2 * overlap));
        var innerH = Math.Max(1, tileH - (2 * overlap));
        for (var iy = 0; iy < input.Height; iy += innerH)
        {
            for (var ix = 0; ix < input.Width; ix += innerW)
            {
                var iw = Math.Min(innerW, input.Width - ix);
                var ih = Math.Min(innerH, input.Height - iy);

                // A dynamic model gets exactly the inner part plus whatever context exists; a fixed one a full tile,
                // shifted inwards at the borders (edge pixels repeat only when the image is smaller than a tile).
                int x0, y0, w, h;
                if (fixedSize)
                {
                    (x0, w) = (Math.Clamp(ix - overlap, 0, Math.Max(0, input.Width - tileW)), tileW);
                    (y0, h) = (Math.Clamp(iy - overlap, 0, Math.Max(0, input.Height - tileH)), tileH);
                }
                else
                {
                    x0 = Math.Max(0, ix - overlap);
                    y0 = Math.Max(0, iy - overlap);
                    w = Math.Min(input.Width, ix + iw + overlap) - x0;
                    h = Math.Min(input.Height, iy + ih + overlap) - y0;
                }

                var tile = RunTile(input, x0, y0, w, h, w, h, inputMax);
                for (var c = 0; c < d.OutputChannels; c++)
                {
                    var from = tile.Plane(c);
                    var to = result.Data.AsSpan(c * result.Width * result.Height, result.Width * result.Height);
                    for (var y = (iy - y0) * s; y < (iy - y0 + ih) * s; y++)
                    {
                        from.Slice((y * tile.Width) + ((ix - x0) * s), iw * s).CopyTo(to.Slice((((y0 * s) + y) * result.Width) + (ix * s), iw * s));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Runs one w×h window whose top-left is (x0, y0); reads beyond the image repeat the edge.</summary>
    private ModelOutput RunTile(PlanarImage input, int x0, int y0, int w, int h, int tensorW, int tensorH, float inputMax)
    {
        var d = Descriptor;
        var nhwc = d.Layout == ModelLayout.Nhwc;
        using var tensor = new PooledTensor(nhwc ? [1, tensorH, tensorW, 3] : [1, 3, tensorH, tensorW]);
        var span = tensor.Memory.Span;
        var plane = tensorW * tensorH;
        for (var c = 0; c < 3; c++)
        {
            var source = input.Plane(c);
            var scale = 1f / (inputMax * d.Std[c]);
            var offset = d.Mean[c] / d.Std[c];
            for (var y = 0; y < tensorH; y++)
            {
                var row = Math.Clamp(y0 + Math.Min(y, h - 1), 0, input.Height - 1) * input.Width;
                for (var x = 0; x < tensorW; x++)
                {
                    var v = (source[row + Math.Clamp(x0 + Math.Min(x, w - 1), 0, input.Width - 1)] * scale) - offset;
                    span[nhwc ? (((y * tensorW) + x) * 3) + c : (c * plane) + (y * tensorW) + x] = v;
                }
            }
        }

        using var outputs = OrtRun.Run(_model.Session, _inputName, tensor.Value, [_outputName]);
        var value = outputs[0];
        var shape = value.GetTensorTypeAndShape().Shape;
        var values = value.GetTensorDataAsSpan<float>();
        if (shape.Length != 4)
        {
            throw new InvalidOperationException($"Model '{_model.Id}' output '{_outputName}' has shape [{string.Join(",", shape)}]; a [1,C,H,W] or [1,H,W,C] image was expected.");
        }

        var (oc, oh, ow) = nhwc ? ((int)shape[3], (int)shape[1], (int)shape[2]) : ((int)shape[1], (int)shape[2], (int)shape[3]);
        if (oc != d.OutputChannels || ow != tensorW * d.OutputScale || oh != tensorH * d.OutputScale)
        {
            throw new InvalidOperationException(
                $"Model '{_model.Id}' returned [{string.Join(",", shape)}] for a {tensorW}×{tensorH} input; the descriptor expects {d.OutputChannels} channel(s) at ×{d.OutputScale}.");
        }

        // Keep only the w×h window that came from real pixels (a fixed-size tile may extend past a small image).
        var outW = w * d.OutputScale;
        var outH = h * d.OutputScale;
        var data = new float[oc * outW * outH];
        for (var c = 0; c < oc; c++)
        {
            for (var y = 0; y < outH; y++)
            {
                for (var x = 0; x < outW; x++)
                {
                    data[(c * outW * outH) + (y * outW) + x] = nhwc ? values[(((y * ow) + x) * oc) + c] : values[(c * ow * oh) + (y * ow) + x];
                }
            }
        }

        return new ModelOutput(outW, outH, oc, data);
    }

    private void Normalise(float[] data)
    {
        var d = Descriptor;
        float min = d.OutputMin, max = d.OutputMax;
        if (d.OutputNormalization == OutputNormalization.MinMax)
        {
            min = data.Min();
            max = MathF.Max(min + 1e-6f, data.Max());
        }

        var scale = 1 / (max - min);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Math.Clamp((data[i] - min) * scale, 0, 1);
        }
    }
}
