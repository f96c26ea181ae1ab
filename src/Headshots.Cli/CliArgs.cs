namespace Headshots.Cli;

/// <summary>
/// Minimal POSIX-style argument reader: <c>--name value</c>, repeated options, <c>--flag</c>, and positionals.
/// An option listed in <c>multiValued</c> takes every following word up to the next <c>--option</c>
/// (so <c>--reference a.jpg b.jpg</c> works as the CLI promises).
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public CliArgs(IEnumerable<string> args, IReadOnlySet<string>? flags = null, IReadOnlySet<string>? multiValued = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var words = args.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                _positionals.Add(word);
                continue;
            }

            var name = word[2..];
            if (flags?.Contains(name) == true)
            {
                _flags.Add(name);
                continue;
            }

            if (i + 1 >= words.Count)
            {
                throw new CliUsageException($"Option --{name} needs a value.");
            }

            if (!_options.TryGetValue(name, out var values))
            {
                values = [];
                _options[name] = values;
            }

            values.Add(words[++i]);
            while (multiValued?.Contains(name) == true && i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values.Add(words[++i]);
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name) => _flags.Contains(name);

    public string? Optional(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public string Required(string name) => Optional(name) ?? throw new CliUsageException($"Option --{name} is required.");

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var values) ? values : [];
}

/// <summary>A mistake in how the command was called; printed with the usage text, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
