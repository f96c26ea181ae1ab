using Headshots.Cli;

// headshots <group> <command> [options]: the operator's entry point (scripts/headshots builds and runs it).
// Each group lives in its own file; this table is the whole command surface.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["models fetch"] = ModelsCommands.FetchAsync,
    ["models verify"] = ModelsCommands.VerifyAsync,
    ["faces analyze"] = FacesCommands.Analyze,
    ["gate compare"] = GateCommands.Compare,
    ["gate eval"] = GateCommands.Eval,
    ["gate refset"] = GateCommands.Refset,
    ["enhance"] = EnhanceCommands.Enhance,
    ["styles"] = EnhanceCommands.Styles,
};

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("Usage: headshots <command> [options]");
    foreach (var name in commands.Keys.Order(StringComparer.Ordinal))
    {
        Console.WriteLine($"  {name}");
    }

    return args.Length == 0 ? 2 : 0;
}

var key = args.Length > 1 && commands.ContainsKey($"{args[0]} {args[1]}") ? $"{args[0]} {args[1]}" : args[0];
if (!commands.TryGetValue(key, out var run))
{
    await Console.Error.WriteLineAsync($"Unknown command '{string.Join(' ', args.Take(2))}'. Run 'headshots help'.");
    return 2;
}

try
{
    return await run(args.Skip(key.Count(c => c == ' ') + 1).ToArray());
}
catch (CliUsageException e)
{
    await Console.Error.WriteLineAsync($"{e.Message} Run 'headshots help'.");
    return 2;
}
