using System.Net;
using Headshots.Vision.Onnx;
using Headshots.Web.Tests.Infrastructure;

namespace Headshots.Web.Tests.Hosting;

public sealed class ModelHealthTests
{
    [Fact]
    [Trait("Needs", "Models")]
    public async Task Readiness_names_a_truncated_model_and_the_fix_while_pages_keep_working()
    {
        var repository = ModelLocations.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests from the repository.");
        var models = Directory.CreateTempSubdirectory("headshots-models-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(repository, "models")))
            {
                File.Copy(file, Path.Combine(models.FullName, Path.GetFileName(file)));
            }

            var eye = Path.Combine(models.FullName, "fr_eye.onnx");
            Assert.True(File.Exists(eye), "models are not fetched: run scripts/headshots models fetch");
            await using (var stream = File.Open(eye, FileMode.Open))
            {
                stream.SetLength(stream.Length / 2);
            }

            await using var database = TestDatabase.Create("models");
            await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "false",
                ["Vision:ModelsDirectory"] = models.FullName,
            });
            await factory.StartAndWaitUntilReadyAsync();
            var client = factory.CreateClient();

            var ready = await client.GetAsync("/health/ready");
            var body = await ready.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("fr_eye", body, StringComparison.Ordinal);
            Assert.Contains("scripts/headshots models fetch", body, StringComparison.Ordinal);
            Assert.DoesNotContain("fr_detect", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        finally
        {
            models.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Readiness_lists_every_model_missing_from_an_empty_models_folder()
    {
        var empty = Directory.CreateTempSubdirectory("headshots-nomodels-");
        try
        {
            await using var database = TestDatabase.Create("nomanifest");
            await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "false",
                ["Vision:ModelsDirectory"] = empty.FullName,
            });
            await factory.StartAndWaitUntilReadyAsync();
            var client = factory.CreateClient();

            var ready = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Contains("fr_detect", body, StringComparison.Ordinal);
            Assert.Contains("blazeface_back", body, StringComparison.Ordinal);
            Assert.Contains("scripts/headshots models fetch", body, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
