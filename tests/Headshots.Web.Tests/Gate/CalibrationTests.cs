using System.IO.Compression;
using System.Net;
using System.Text;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Imaging;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Gate;
using Headshots.Web.Features.Vision;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Web.Tests.Gate;

[Collection("web")]
public sealed class CalibrationTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private const string Pairs = """
        file_a,file_b,same
        lenna.png,same/lenna-flip.png,1
        lenna.png,same/lenna-small.jpg,1
        same/lenna-flip.png,same/lenna-small.jpg,1
        lenna.png,others/a.jpg,0
        same/lenna-small.jpg,others/b.jpg,0
        same/lenna-flip.png,others/b.jpg,0
        """;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_labelled_set_is_evaluated_on_the_worker_with_the_same_numbers_as_gate_eval()
    {
        var admin = await AdminAsync();
        var zip = Zip(
            ("pairs.csv", Encoding.UTF8.GetBytes(Pairs)),
            ("lenna.png", TestPhotos.Asset("lenna.png")),
            ("same/lenna-flip.png", TestPhotos.LennaVariant(i => i.Clone(x => x.Flip(FlipMode.Horizontal)), "png")),
            ("same/lenna-small.jpg", TestPhotos.LennaJpeg(width: 300)),
            ("others/a.jpg", TestPhotos.PortraitFromGroup("face-api-sample1.jpg")),
            ("others/b.jpg", TestPhotos.PortraitFromGroup("face-api-sample3.jpg")));

        var response = await UploadAsync(admin, zip, acceptAt: "0.55", reviewFrom: "0.4");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Admin/Gate/Calibration?id=", location, StringComparison.Ordinal);
        var run = await WaitUntilFinishedAsync(Guid.Parse(location[(location.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.True(run.Status == CalibrationStatus.Completed, run.Message);
        Assert.Null(run.Upload); // the face photos are not kept once evaluated
        Assert.Equal((5, 6, "current settings v1"), (run.Images, run.Pairs, run.SettingsLabel));
        var result = CalibrationJob.ReadResult(run)!;

        // The same evaluation, the way `headshots gate eval --pairs` does it: safe loader, best face's embedding, EvaluatePairs.
        var set = CalibrationArchive.Read(zip, new CalibrationOptions());
        var analyzer = app.Factory.Services.GetRequiredService<FaceServices>().Analyzer;
        var direct = GateEvaluation.EvaluatePairs(set.Pairs, file =>
        {
            using var loaded = new SafeImageLoader().Load(set.Images[file]);
            return analyzer.EmbedBestFace(loaded.Image);
        });
        var genuine = direct.Scores.Where(s => s.Same).Select(s => s.Score).ToList();
        var impostor = direct.Scores.Where(s => !s.Same).Select(s => s.Score).ToList();
        Assert.Equal((direct.Images, direct.FacesFound, direct.Pairs), (result.Images, result.FacesFound, result.Pairs));
        Assert.Equal(5, result.FacesFound);
        Assert.Equal(direct.Scores, result.Scores);
        Assert.Equal(direct.Summary.Auc, result.Summary.Auc);
        Assert.Equal(direct.Summary.Eer, result.Summary.Eer);
        Assert.Equal(direct.Summary.EerThreshold, result.Summary.EerThreshold);
        Assert.Equal(direct.Summary.Thresholds, result.Summary.Thresholds);
        Assert.Equal(VerificationMetrics.RatesAt(genuine, impostor, 0.55f), result.AtAcceptThreshold);
        Assert.Equal(VerificationMetrics.RatesAt(genuine, impostor, 0.4f), result.AtReviewFloor);
        // Lenna and her edited copies match; the other people do not.
        Assert.All(genuine, s => Assert.True(s > 0.8, $"genuine {s}"));
        Assert.All(impostor, s => Assert.True(s < 0.3, $"impostor {s}"));
        Assert.Equal(1.0, result.Summary.Auc);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(location));
        Assert.Contains("data-status=\"Completed\"", page, StringComparison.Ordinal);
        Assert.Contains("<td data-testid=\"faces-found\">5 of 5 images</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td data-testid=\"auc\">1.0000</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td data-testid=\"at-accept\">FMR {CalibrationJob.Percent(result.AtAcceptThreshold.Fmr)} (impostors accepted), FNMR {CalibrationJob.Percent(result.AtAcceptThreshold.Fnmr)}", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-roc\"", page, StringComparison.Ordinal);
        Assert.Contains("<polyline class=\"curve\"", page, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileZips() => new()
    {
        { "traversal", "unsafe file name \"../evil.jpg\"" },
        { "absolute", "unsafe file name \"/etc/evil.jpg\"" },
        { "too many entries", "The zip has 1001 entries; the limit is 1000." },
        { "no pairs.csv", "The zip has no pairs.csv." },
        { "bad header", "pairs.csv: The CSV header lacks the column 'file_a'" },
        { "bad same", "pairs.csv: 'same' must be 1 or 0, got 'maybe'." },
        { "missing file", "pair 2 (lenna.png, nobody.jpg) names \"nobody.jpg\", which is not in the zip." },
        { "only genuine", "needs at least one pair of the same person (same = 1) and one of different people (same = 0)" },
        { "not an image", "\"fake.jpg\" is not a JPEG, PNG or WebP image." },
        { "big entry", "\"lenna.png\" unpacks to 20 MiB; the limit per file is 15 MiB." },
        { "bomb", "The zip unpacks to 405 MiB; the limit is 400 MiB." },
        { "not a zip", "This file is not a zip archive" },
    };

    [Theory]
    [MemberData(nameof(HostileZips))]
    public async Task A_hostile_or_broken_zip_is_refused_with_a_clear_message_and_nothing_is_queued(string kind, string message)
    {
        var admin = await AdminAsync();
        // Any decodable image does: every zip here is refused before a face model would run.
        var lenna = TestPhotos.Gradient();
        var csv = (string text) => ("pairs.csv", Encoding.UTF8.GetBytes(text));
        var good = "file_a,file_b,same\nlenna.png,lenna.png,1\nlenna.png,other.png,0\n";
        var zip = kind switch
        {
            "traversal" => Zip(csv(good), ("lenna.png", lenna), ("../evil.jpg", lenna)),
            "absolute" => Zip(csv(good), ("lenna.png", lenna), ("/etc/evil.jpg", lenna)),
            "too many entries" => Zip([csv(good), .. Enumerable.Range(0, 1000).Select(i => ($"x{i}.txt", new byte[] { 1 }))]),
            "no pairs.csv" => Zip(("lenna.png", lenna), ("other.png", lenna)),
            "bad header" => Zip(csv("a,b,c\nlenna.png,other.png,0\n"), ("lenna.png", lenna), ("other.png", lenna)),
            "bad same" => Zip(csv("file_a,file_b,same\nlenna.png,other.png,maybe\n"), ("lenna.png", lenna), ("other.png", lenna)),
            "missing file" => Zip(csv("file_a,file_b,same\nlenna.png,other.png,1\nlenna.png,nobody.jpg,0\n"), ("lenna.png", lenna), ("other.png", lenna)),
            "only genuine" => Zip(csv("file_a,file_b,same\nlenna.png,other.png,1\n"), ("lenna.png", lenna), ("other.png", lenna)),
            "not an image" => Zip(csv("file_a,file_b,same\nlenna.png,fake.jpg,1\nlenna.png,other.png,0\n"), ("lenna.png", lenna), ("other.png", lenna), ("fake.jpg", Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n"))),
            "big entry" => Zip(csv(good), ("lenna.png", new byte[20 * 1024 * 1024]), ("other.png", lenna)),
            "bomb" => Zip([csv(good), .. Enumerable.Range(0, 27).Select(i => ($"zeros{i}.png", new byte[15 * 1024 * 1024]))]),
            _ => lenna,
        };
        Assert.True(zip.Length < 2 * 1024 * 1024, $"the {kind} zip itself is small ({zip.Length} bytes)");

        var response = await UploadAsync(admin, zip, "0.5", "0.3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"upload-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync<CalibrationRun>());
    }

    [Fact]
    public async Task Thresholds_that_do_not_make_sense_are_refused()
    {
        var admin = await AdminAsync();

        var response = await UploadAsync(admin, Zip(("pairs.csv", [])), "0.2", "0.6");

        Assert.Contains("Enter the thresholds as numbers with −1 ≤ review from ≤ accept at ≤ 1.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] zip, string acceptAt, string reviewFrom)
    {
        var token = await client.AntiforgeryTokenAsync("/Admin/Gate/Calibration");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip), "set", "set.zip" },
            { new StringContent(acceptAt), "AcceptAt" },
            { new StringContent(reviewFrom), "ReviewFrom" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        return await client.PostAsync("/Admin/Gate/Calibration", form);
    }

    private async Task<CalibrationRun> WaitUntilFinishedAsync(Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<AppDbContext>().CalibrationRuns.AsNoTracking().SingleAsync(r => r.Id == id);
                if (run.Status is CalibrationStatus.Completed or CalibrationStatus.Failed)
                {
                    return run;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the calibration run");
            await Task.Delay(200);
        }
    }

    private async Task<HttpClient> AdminAsync()
    {
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var client = app.Client();
        await client.LoginAsync("root@example.com", Password);
        return client;
    }
}
