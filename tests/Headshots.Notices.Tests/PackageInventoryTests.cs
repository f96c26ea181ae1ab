namespace Headshots.Notices.Tests;

public sealed class PackageInventoryTests : IDisposable
{
    private readonly ScratchPackages _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Every_package_of_every_solution_project_is_listed_once_and_ships_when_a_src_project_uses_it()
    {
        WriteSolution("src\\App\\App.csproj", "tests\\App.Tests\\App.Tests.csproj");
        WriteAssets("src/App", ("Shared.Lib/1.2.0", "package"), ("Headshots.Vision/1.0.0", "project"));
        WriteAssets("tests/App.Tests", ("Shared.Lib/1.2.0", "package"), ("Test.Only/3.0.0", "package"), ("Shared.Lib/1.10.0", "package"));

        var packages = PackageInventory.Read(_scratch.Root, "Scratch.sln");

        Assert.Equal(["Shared.Lib 1.2.0", "Shared.Lib 1.10.0", "Test.Only 3.0.0"], packages.Select(p => $"{p.Id} {p.Version}"));
        Assert.Equal(["src/App/App.csproj", "tests/App.Tests/App.Tests.csproj"], packages[0].Projects);
        Assert.Equal([true, false, false], packages.Select(p => p.Ships));
        Assert.Equal(Path.Combine(_scratch.Root, "packages", "test.only", "3.0.0"), packages[2].Folder);
    }

    [Fact]
    public void A_project_that_was_never_restored_is_named_with_the_command_that_fixes_it()
    {
        WriteSolution("src\\App\\App.csproj");

        var e = Assert.Throws<NoticesException>(() => PackageInventory.Read(_scratch.Root, "Scratch.sln"));

        Assert.StartsWith("src/App/App.csproj has not been restored", e.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore Scratch.sln", e.Message, StringComparison.Ordinal);
    }

    private void WriteSolution(params string[] projects) =>
        File.WriteAllText(Path.Combine(_scratch.Root, "Scratch.sln"), string.Concat(projects.Select(p =>
            $"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{Path.GetFileNameWithoutExtension(p)}\", \"{p}\", \"{{{Guid.NewGuid()}}}\"\nEndProject\n")));

    private void WriteAssets(string project, params (string Key, string Type)[] libraries)
    {
        var obj = Path.Combine(_scratch.Root, project, "obj");
        Directory.CreateDirectory(obj);
        foreach (var (key, _) in libraries.Where(l => l.Type == "package"))
        {
            Directory.CreateDirectory(Path.Combine(_scratch.Root, "packages", key.ToLowerInvariant()));
        }

        var entries = libraries.Select(l => $"\"{l.Key}\": {{ \"type\": \"{l.Type}\", \"path\": \"{l.Key.ToLowerInvariant()}\" }}");
        var folder = System.Text.Json.JsonSerializer.Serialize(Path.Combine(_scratch.Root, "packages") + Path.DirectorySeparatorChar);
        File.WriteAllText(Path.Combine(obj, "project.assets.json"),
            $"{{ \"libraries\": {{ {string.Join(", ", entries)} }}, \"packageFolders\": {{ {folder}: {{}} }} }}");
    }
}
