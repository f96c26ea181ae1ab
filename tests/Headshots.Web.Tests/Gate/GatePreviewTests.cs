using System.Net;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Gate;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Headshots.Web.Tests.Gate.DecisionSeeds;

namespace Headshots.Web.Tests.Gate;

[Collection("web")]
public sealed class GatePreviewTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    /// <summary>Oldest first. Verdicts under the defaults (accept 0.55, review 0.40, skin review 12 / reject 25, shape 0.10 / 0.20) in the comments.</summary>
    private static readonly Measured[] Seeds =
    [
        new(0.90f),                   // accept
        new(0.65f),                   // accept
        new(0.57f),                   // accept; review under the proposal (accept at 0.60)
        new(0.50f),                   // review
        new(0.42f),                   // review; reject under the proposal (review from 0.45)
        new(0.30f),                   // reject
        new(0.10f),                   // reject
        new(0.80f, SkinDeltaE: 15),   // review (skin); accept under the proposal (skin review above 20)
        new(0.80f, SkinDeltaE: 30),   // reject (skin)
        new(0.80f, Geometry: 0.15f),  // review (shape)
        new(null),                    // reject (no face in the output)
    ];

    private static readonly (string, string)[] Proposal = [("AcceptAt", "0.6"), ("ReviewFrom", "0.45"), ("SkinToneReviewDeltaE", "20")];

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_preview_counts_seeded_decisions_under_the_current_and_the_proposed_settings()
    {
        var owner = await app.CreateUserAsync("seeker@example.com", Password, Roles.JobSeeker);
        await SeedAsync(app.Factory.Services, owner.Id, Seeds);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GateSettingsStore>();
        var current = await store.CurrentAsync();
        var proposed = current with { Thresholds = current.Thresholds with { AcceptAt = 0.60f, ReviewFrom = 0.45f, SkinToneReviewDeltaE = 20 } };

        var all = await scope.ServiceProvider.GetRequiredService<GatePreview>().RunAsync(current, proposed, 500);

        Assert.Equal(11, all.Decisions.Count);
        Assert.Equal(new VerdictCounts(3, 4, 4), all.Recorded);
        Assert.Equal(new VerdictCounts(3, 4, 4), all.Current);
        Assert.Equal(new VerdictCounts(3, 3, 5), all.Proposed);
        Assert.Equal(3, all.Changed);
        Assert.Equal(
            [(GateVerdict.Accept, GateVerdict.Review, 1), (GateVerdict.Review, GateVerdict.Accept, 1), (GateVerdict.Review, GateVerdict.Reject, 1)],
            all.Changes.Select(c => (c.From, c.To, c.Count)));

        // Only the newest N: the skin 15, skin 30, shape 0.15 and no-face decisions.
        var latest = await scope.ServiceProvider.GetRequiredService<GatePreview>().RunAsync(current, proposed, 4);
        Assert.Equal(new VerdictCounts(0, 2, 2), latest.Current);
        Assert.Equal(new VerdictCounts(1, 1, 2), latest.Proposed);
        Assert.Equal(1, latest.Changed);
    }

    [Fact]
    public async Task The_admin_page_shows_the_preview_with_charts_and_saves_nothing()
    {
        var owner = await app.CreateUserAsync("seeker@example.com", Password, Roles.JobSeeker);
        await SeedAsync(app.Factory.Services, owner.Id, Seeds);
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var admin = app.Client();
        await admin.LoginAsync("root@example.com", Password);

        var form = GateSettingsTests.Form(1, "", Proposal);
        form.Add(new("Decisions", "500"));
        var response = await admin.PostFormAsync("/Admin/Gate", form, "/Admin/Gate?handler=Preview");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<tr data-testid=\"counts-current\"><th>Current settings (v1)</th><td>3</td><td>4</td><td>4</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-testid=\"counts-proposed\"><th>Proposed</th><td>3</td><td>3</td><td>5</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>3</strong> of 11 decisions would change", html, StringComparison.Ordinal);
        // A solid line per current threshold, a dashed one per proposed threshold that differs.
        foreach (var (chart, lines, proposed) in new[] { ("chart-identity", 4, 2), ("chart-skin", 3, 1), ("chart-geometry", 2, 0) })
        {
            var svg = Chart(html, chart);
            Assert.Equal(lines, Occurrences(svg, "<line class=\"marker"));
            Assert.Equal(proposed, Occurrences(svg, "<line class=\"marker proposed\""));
        }

        Assert.Contains("reject 25 (unchanged)", Chart(html, "chart-skin"), StringComparison.Ordinal);

        Assert.Contains("new accept 0.6", Chart(html, "chart-identity"), StringComparison.Ordinal);
        // 11 decisions, 10 with an identity score: the bars' tooltips add up to that.
        Assert.Equal(10, BarCounts(Chart(html, "chart-identity")).Sum());
        // The proposed values stay in the form, and nothing was saved.
        Assert.Contains("name=\"Values[AcceptAt]\" value=\"0.6\"", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync<GateSettingsVersion>());
    }

    private static string Chart(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {testId} chart");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static IEnumerable<int> BarCounts(string svg) =>
        System.Text.RegularExpressions.Regex.Matches(svg, "<rect class=\"bar\"[^>]*><title>[^<]*: (\\d+)</title>")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}
