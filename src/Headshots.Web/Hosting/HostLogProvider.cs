using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Headshots.Web.Hosting;

/// <summary>
/// Hangfire keeps one log provider for the whole process. When a process hosts the app more than once (the test
/// suite does), a provider bound to a stopped host's disposed logger factory would throw from deep inside Hangfire;
/// this one falls back to not logging instead.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
