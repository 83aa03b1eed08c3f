using System.Diagnostics.Metrics;

namespace MhAll.Testing;

/// <summary>Sums what one of our counters records while it is alive, e.g. the inbox's skipped duplicates.</summary>
public sealed class CounterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterCapture(string meter, string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
