using System.Net;
using System.Net.Sockets;

namespace MhAll.AppHost.Infrastructure;

internal static class LocalPorts
{
    /// <summary>A loopback port free right now, for a server that listens on it directly.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
