using Headshots.Vision.Enhancement;
using Headshots.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Generation;

/// <summary>
/// Records the current stage and percentage for the progress page. The pipeline reports from its own thread after
/// every stage; this writes the latest report at most twice a second, on a connection of its own.
/// </summary>
internal sealed class ProgressWriter : IProgress<EnhancementProgress>, IAsyncDisposable
{
    private static readonly string[] StageOrder =
    [
        StageNames.Analysis, StageNames.Framing, StageNames.Segmentation, StageNames.Matte, StageNames.SuperResolution,
        StageNames.Restorers, StageNames.FaceMesh, StageNames.Retouch, StageNames.Light, StageNames.Background, StageNames.Gate,
    ];

    private readonly IServiceScopeFactory _scopes;
    private readonly Guid _generationId;
    private readonly int _styleIndex;
    private readonly int _styleCount;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private EnhancementProgress? _latest;

    public ProgressWriter(IServiceScopeFactory scopes, Guid generationId, int styleIndex, int styleCount)
    {
        _scopes = scopes;
        _generationId = generationId;
        _styleIndex = styleIndex;
        _styleCount = styleCount;
        _latest = new EnhancementProgress(0, StageNames.Analysis, 0);
        _writer = Task.Run(WriteLoopAsync);
    }

    public void Report(EnhancementProgress value) => Interlocked.Exchange(ref _latest, value);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (Interlocked.Exchange(ref _latest, null) is { } report)
                {
                    var stageFraction = (Array.IndexOf(StageOrder, report.Stage) + 1) / (double)StageOrder.Length;
                    var percent = (int)Math.Clamp(100 * (_styleIndex + stageFraction) / _styleCount, 0, 99);
                    var stage = report.Attempt > 1 ? $"{report.Stage} (gentler try {report.Attempt})" : report.Stage;
                    await using var scope = _scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations
                        .Where(g => g.Id == _generationId)
                        .ExecuteUpdateAsync(s => s.SetProperty(g => g.Stage, stage).SetProperty(g => g.Percent, percent), _stop.Token);
                }

                await Task.Delay(500, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The style is done; the job writes the final state itself.
        }
    }
}
