using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

/// <summary>A restored version of part of the frame and where (and how fully) it applies, blended in per attempt by strength.</summary>
internal sealed record RestorationLayer(string ModelId, PlanarImage Image, float[] Weight)
{
    public void BlendInto(PlanarImage canvas, float strength)
    {
        if (strength <= 0)
        {
            return;
        }

        var n = canvas.PixelCount;
        for (var i = 0; i < n; i++)
        {
            var w = Weight[i] * strength;
            if (w <= 0)
            {
                continue;
            }

            for (var c = 0; c < 3; c++)
            {
                var k = (c * n) + i;
                canvas.Data[k] += w * (Image.Data[k] - canvas.Data[k]);
            }
        }
    }
}

/// <summary>
/// Super-resolution of the face's surroundings and descriptor-driven restoration models. Each produces a layer once per
/// job; the gate loop only changes how much of it is blended in.
/// </summary>
internal static class Restoration
{
    /// <summary>
    /// Runs a ×N super-resolution model on the source pixels around the face (1.4× the face box: face and hairline, where
    /// an enlarged face looks soft; the model costs time in proportion to the area) and resamples the result into the
    /// frame, feathered over the outer 10 % of the region.
    /// </summary>
    public static RestorationLayer SuperResolve(ModelRunner model, Image<Rgb24> source, Box sourceFace, FramePlan plan)
    {
        var side = 1.4f * MathF.Max(sourceFace.Width, sourceFace.Height);
        var region = Box.FromCenter(sourceFace.Center, side, side);
        var x0 = Math.Max(0, (int)MathF.Floor(region.X1));
        var y0 = Math.Max(0, (int)MathF.Floor(region.Y1));
        var x1 = Math.Min(source.Width, (int)MathF.Ceiling(region.X2));
        var y1 = Math.Min(source.Height, (int)MathF.Ceiling(region.Y2));
        var crop = PlanarImage.Sample(source, new Affine2(1, 0, x0, 0, 1, y0), x1 - x0, y1 - y0, default);
        var restored = model.Run(crop).ToPlanarImage();
        var scale = model.Descriptor.OutputScale;

        var layer = new PlanarImage(plan.Width, plan.Height);
        var weight = new float[plan.Width * plan.Height];
        var n = layer.PixelCount;
        var feather = 0.1f * side;
        for (var y = 0; y < plan.Height; y++)
        {
            for (var x = 0; x < plan.Width; x++)
            {
                var p = plan.CanvasToSource.Apply(new Point2(x + 0.5f, y + 0.5f));
                var inside = MathF.Min(MathF.Min(p.X - x0, x1 - p.X), MathF.Min(p.Y - y0, y1 - p.Y));
                if (inside <= 0)
                {
                    continue;
                }

                var i = (y * plan.Width) + x;
                weight[i] = MathF.Min(1, inside / feather);
                var rx = ((p.X - x0) * scale) - 0.5f;
                var ry = ((p.Y - y0) * scale) - 0.5f;
                for (var c = 0; c < 3; c++)
                {
                    layer.Data[(c * n) + i] = PlanarImage.Bilinear(restored.Plane(c), restored.Width, restored.Height, rx, ry);
                }
            }
        }

        return new RestorationLayer(model.ModelId, layer, weight);
    }

    /// <summary>
    /// A face model (GFPGAN-like): the face is aligned onto the model's template from the five landmark points, restored,
    /// and mapped back with a feathered edge. An image model runs on the whole frame and is resized back when it scales.
    /// </summary>
    public static RestorationLayer Run(ModelRunner model, PlanarImage canvas, FaceLandmarks canvasLandmarks)
    {
        var d = model.Descriptor;
        var full = new float[canvas.PixelCount];
        if (d.Region == ModelRegion.Image)
        {
            var output = model.Run(canvas).ToPlanarImage();
            Array.Fill(full, 1f);
            return new RestorationLayer(model.ModelId, output.Width == canvas.Width ? output : output.Resize(canvas.Width, canvas.Height), full);
        }

        int w = d.InputWidth!.Value, h = d.InputHeight!.Value;
        var toCrop = SimilarityTransform.Estimate(canvasLandmarks.FivePoints(), d.FacePoints());
        var crop = canvas.Warp(toCrop.Inverse().ToAffine(), w, h);
        var restored = model.Run(crop).ToPlanarImage();

        var layer = canvas.Clone();
        var n = canvas.PixelCount;
        var feather = 0.1f * MathF.Min(w, h);
        for (var y = 0; y < canvas.Height; y++)
        {
            for (var x = 0; x < canvas.Width; x++)
            {
                var q = toCrop.Apply(new Point2(x + 0.5f, y + 0.5f));
                var inside = MathF.Min(MathF.Min(q.X, w - q.X), MathF.Min(q.Y, h - q.Y));
                if (inside <= 0)
                {
                    continue;
                }

                var i = (y * canvas.Width) + x;
                full[i] = MathF.Min(1, inside / feather);
                for (var c = 0; c < 3; c++)
                {
                    layer.Data[(c * n) + i] = PlanarImage.Bilinear(restored.Plane(c), w, h, q.X - 0.5f, q.Y - 0.5f);
                }
            }
        }

        return new RestorationLayer(model.ModelId, layer, full);
    }
}
