namespace Headshots.Vision.Geometry;

/// <summary>Greedy non-maximum suppression: keep the best-scoring box, drop every box overlapping it, repeat.</summary>
public static class NonMaxSuppression
{
    /// <summary>Indices of the kept boxes, best score first. Ties keep the earlier index, so the result is deterministic.</summary>
    public static IReadOnlyList<int> Select(ReadOnlySpan<Box> boxes, ReadOnlySpan<float> scores, float iouThreshold)
    {
        if (boxes.Length != scores.Length)
        {
            throw new ArgumentException("Every box needs exactly one score.", nameof(scores));
        }

        var order = new int[boxes.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(order, (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));

        var kept = new List<int>();
        var suppressed = new bool[boxes.Length];
        foreach (var i in order)
        {
            if (suppressed[i])
            {
                continue;
            }

            kept.Add(i);
            foreach (var j in order)
            {
                if (!suppressed[j] && j != i && Box.IntersectionOverUnion(boxes[i], boxes[j]) > iouThreshold)
                {
                    suppressed[j] = true;
                }
            }
        }

        return kept;
    }
}
