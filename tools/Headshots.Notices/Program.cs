using Headshots.Notices;
using Headshots.Vision.Onnx;

// headshots-notices [REPOSITORY]: writes THIRD-PARTY-NOTICES.md at the repository root (default: the one above here).
if (args.Length > 1 || args.Any(a => a.StartsWith('-')))
{
    await Console.Error.WriteLineAsync($"usage: {NoticesDocument.Command} [REPOSITORY]");
    return 2;
}

var root = args.Length == 1 ? Path.GetFullPath(args[0]) : ModelLocations.FindRepositoryRoot();
if (root is null || !File.Exists(Path.Combine(root, ModelLocations.SolutionFileName)))
{
    await Console.Error.WriteLineAsync($"No {ModelLocations.SolutionFileName} found; pass the repository folder.");
    return 2;
}

try
{
    var path = Path.Combine(root, NoticesDocument.FileName);
    await File.WriteAllTextAsync(path, NoticesDocument.Generate(root));
    Console.WriteLine($"Wrote {path}");
    return 0;
}
catch (NoticesException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
