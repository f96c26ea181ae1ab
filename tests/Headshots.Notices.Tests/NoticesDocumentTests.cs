using Headshots.Vision.Onnx;

namespace Headshots.Notices.Tests;

public sealed class NoticesDocumentTests : IDisposable
{
    private readonly ScratchPackages _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_model_whose_package_is_AGPL_says_plainly_that_only_its_weight_files_are_read()
    {
        var document = NoticesDocument.Render([], Manifest(
            Model("upscaler", "AGPL-3.0 (package.json of upscaler-pkg@3.1.1)", "BSD-3-Clause: upstream weights", "x4.param", "x4.bin"),
            Model("detector", "MIT (package.json of detector-pkg@1.0.0)", "MIT", "detect.onnx")));

        Assert.Contains(
            "> **An AGPL-3.0 package.** `upscaler-pkg` 1.0.0 is licensed under the GNU Affero General Public License v3.0.\n" +
            "> Headshots reads only the weight files `package/x4.param`, `package/x4.bin` from it, under the weights' own licence above.\n" +
            "> None of the package's code is run, linked or shipped.",
            document, StringComparison.Ordinal);
        Assert.Equal(2, document.Split("An AGPL-3.0 package.").Length);
        Assert.Contains("- **Weights:** BSD-3-Clause: upstream weights", document, StringComparison.Ordinal);
        Assert.Contains("- **Files read from it:** `package/detect.onnx`\n", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_are_split_into_the_app_and_the_test_tools_and_counted_per_licence()
    {
        var app = PackageLicense.Read(_scratch.Package("App.Lib", "1.0.0", """<license type="expression">MIT</license>""", "Copyright A | B"));
        var tool = PackageLicense.Read(_scratch.Package("Test.Lib", "2.0.0", """<license type="expression">MIT</license>""", "Copyright T") with { Projects = ["tests/T/T.csproj"] });

        var document = NoticesDocument.Render([app, tool], Manifest());

        Assert.Contains("| [MIT](https://spdx.org/licenses/MIT.html) | 1 | 1 |", document, StringComparison.Ordinal);
        var appSection = document[document.IndexOf("## NuGet packages in the app", StringComparison.Ordinal)..document.IndexOf("## NuGet packages only", StringComparison.Ordinal)];
        Assert.Contains("| App.Lib | 1.0.0 | MIT | Copyright A \\| B |  |", appSection, StringComparison.Ordinal);
        Assert.DoesNotContain("Test.Lib", appSection, StringComparison.Ordinal);
        Assert.Contains("| Test.Lib | 2.0.0 | MIT | Copyright T |  |", document, StringComparison.Ordinal);
    }

    private static ModelManifest Manifest(params ModelEntry[] models) => new() { SchemaVersion = ModelManifest.CurrentSchemaVersion, Models = models };

    private static ModelEntry Model(string id, string packageLicense, string weights, params string[] files) => new()
    {
        Id = id,
        Role = $"The {id}.",
        Source = new ModelSource
        {
            Package = $"{id}-pkg",
            Version = "1.0.0",
            Files = [.. files.Select(f => new SourceFile { Path = $"package/{f}", Sha256 = new string('0', 64) })],
        },
        Converter = "none",
        OnnxSha256 = new string('0', 64),
        License = new ModelLicense { Package = packageLicense, Weights = weights, TrainingData = "Unknown." },
        Inputs = [],
        Outputs = [],
    };
}
