using System.Collections.Concurrent;
using System.Net;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headshots.Web.Tests.Sharing;

/// <summary>Share-link guarantees that need an app of their own: every log message captured, and a low rate limit.</summary>
public sealed class ShareLinkHardeningTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task No_log_message_or_scope_at_any_level_contains_the_token()
    {
        var capture = new CapturingLoggerProvider();
        await using var database = TestDatabase.Create("sharelogs");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        }, services => services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(capture);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        }));
        await factory.StartAndWaitUntilReadyAsync();
        var fixture = new FactoryUsers(factory);
        var (owner, user) = await fixture.SignedInAsync("owner@example.com", Roles.JobSeeker);
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(factory.Services, user.Id);
        var (token, linkId) = await CreateLinkAsync(factory, owner, headshot.Id);
        var (recruiter, _) = await fixture.SignedInAsync("recruiter@example.com", Roles.Recruiter);
        var visitor = factory.CreateClient(new() { AllowAutoRedirect = false });
        var before = capture.Messages.Count;

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/s/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/s/{token}/image/{headshot.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/s/{token}/image/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await recruiter.PostFormAsync($"/s/{token}", [], $"/s/{token}?handler=Save")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect,
            (await owner.PostFormAsync("/Headshots/Share", [new("id", linkId.ToString())], "/Headshots/Share?handler=Revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/s/{token}")).StatusCode);

        // The capture is live: the requests above were logged (the path, redacted), just never with the token.
        var messages = capture.Messages.ToArray();
        Assert.True(messages.Length > before, "nothing was logged while visiting the link");
        Assert.Contains(messages, m => m.Contains("/s/link", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_lookups_are_rate_limited_per_client_with_429_and_retry_after()
    {
        await using var database = TestDatabase.Create("sharelimits");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["RateLimits:ShareLinkPermitsPerMinute"] = "3",
        });
        await factory.StartAndWaitUntilReadyAsync();
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync($"/s/{new string('A', 43)}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.GetAsync($"/s/{new string('B', 43)}/image/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task A_default_lifetime_longer_than_the_maximum_stops_the_app_at_start()
    {
        await using var database = TestDatabase.Create("sharelifetime");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["ShareLinks:DefaultLifetime"] = "200.00:00:00",
            ["ShareLinks:MaxLifetime"] = "90.00:00:00",
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(factory.StartAndWaitUntilReadyAsync);

        Assert.Contains("ShareLinks:DefaultLifetime must not be longer than ShareLinks:MaxLifetime", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(string Token, Guid LinkId)> CreateLinkAsync(HeadshotsFactory factory, HttpClient owner, Guid headshotId)
    {
        var response = await owner.PostFormAsync("/Headshots/Share", [new("headshots", headshotId.ToString())], "/Headshots/Share?handler=Create");
        var html = await response.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "/s/([A-Za-z0-9_-]{43})\"").Groups[1].Value;
        Assert.Equal(43, token.Length);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Headshots.Web.Data.AppDbContext>();
        return (token, db.ShareLinks.Single(l => l.TokenHash == hash).Id);
    }

    private sealed class FactoryUsers(HeadshotsFactory factory)
    {
        public async Task<(HttpClient Client, Headshots.Web.Data.AppUser User)> SignedInAsync(string email, string role)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
            var (user, result) = await accounts.RegisterAsync(email, email.Split('@')[0], Password, role);
            Assert.True(result.Succeeded);
            var client = factory.CreateClient(new() { AllowAutoRedirect = false });
            await client.LoginAsync(email, Password);
            return (client, user!);
        }
    }

    /// <summary>Keeps every message with its arguments and the scopes around it, exactly as a log sink would receive them.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new System.Text.StringBuilder().Append(category).Append(": ").Append(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        text.Append(" | ").Append(key).Append('=').Append(value);
                    }
                }

                provider._scopes.ForEachScope((scope, builder) =>
                {
                    builder.Append(" | scope ").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                    {
                        foreach (var (key, value) in scopeValues)
                        {
                            builder.Append(' ').Append(key).Append('=').Append(value);
                        }
                    }
                }, text);
                text.Append(' ').Append(exception);
                provider.Messages.Enqueue(text.ToString());
            }
        }
    }
}
