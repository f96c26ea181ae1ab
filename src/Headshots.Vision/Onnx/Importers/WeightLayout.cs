namespace Headshots.Vision.Onnx.Importers;

/// <summary>Reorders constant weights once at import time, so the ONNX graph needs no Transpose node in front of them.</summary>
internal static class WeightLayout
{
    /// <summary>NHWC activations become NCHW: axis i of the result is axis <c>perm[i]</c> of the source.</summary>
    public static readonly int[] NhwcToNchw = [0, 3, 1, 2];

    public static readonly int[] NchwToNhwc = [0, 2, 3, 1];

    /// <summary>Row-major transpose of <paramref name="data"/> (shape <paramref name="shape"/>) by <paramref name="perm"/>, like numpy's <c>transpose</c>.</summary>
    public static float[] Permute(float[] data, IReadOnlyList<int> shape, IReadOnlyList<int> perm)
    {
        var rank = shape.Count;
        var sourceStrides = new long[rank];
        for (long i = rank - 1, stride = 1; i >= 0; stride *= shape[(int)i], i--)
        {
            sourceStrides[i] = stride;
        }

        var outShape = perm.Select(p => shape[p]).ToArray();
        var result = new float[data.Length];
        var index = new int[rank];
        for (var flat = 0; flat < result.Length; flat++)
        {
            long source = 0;
            for (var axis = 0; axis < rank; axis++)
            {
                source += index[axis] * sourceStrides[perm[axis]];
            }

            result[flat] = data[source];
            for (var axis = rank - 1; axis >= 0 && ++index[axis] == outShape[axis]; axis--)
            {
                index[axis] = 0;
            }
        }

        return result;
    }

    public static int[] Permuted(IReadOnlyList<int> shape, IReadOnlyList<int> perm) => perm.Select(p => shape[p]).ToArray();
}
