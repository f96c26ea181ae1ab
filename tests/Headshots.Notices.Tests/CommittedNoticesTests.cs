using Headshots.Vision.Onnx;

namespace Headshots.Notices.Tests;

public sealed class CommittedNoticesTests
{
    [Fact]
    public void The_committed_notices_are_what_scripts_notices_writes_for_the_restored_packages_and_the_manifest()
    {
        var root = ModelLocations.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No {ModelLocations.SolutionFileName} above {AppContext.BaseDirectory}.");
        var path = Path.Combine(root, NoticesDocument.FileName);
        Assert.True(File.Exists(path), $"{NoticesDocument.FileName} is missing: run {NoticesDocument.Command}.");

        var expected = NoticesDocument.Generate(root).Split('\n');
        var committed = File.ReadAllText(path).Split('\n');

        var firstDifference = Enumerable.Range(0, Math.Max(expected.Length, committed.Length))
            .FirstOrDefault(i => i >= expected.Length || i >= committed.Length || expected[i] != committed[i], -1);
        Assert.True(firstDifference < 0,
            $"{NoticesDocument.FileName} is out of date (a package, a version or the model manifest changed): run {NoticesDocument.Command} and commit it. " +
            $"Line {firstDifference + 1} is '{committed.ElementAtOrDefault(firstDifference)}', should be '{expected.ElementAtOrDefault(firstDifference)}'.");
    }
}
