using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Cluster.Tests;

/// <summary>
/// NOTS on the cluster: the booking flow through haproxy, live fan-out across nodes (SSE and the SignalR hub on every
/// node see a change committed on another), and the allocation race with requests spread over every node.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotsClusterTests
{
    private readonly NotsApi _nots = new(ClusterEnvironment.Client(ClusterEnvironment.Nots));

    [ClusterFact]
    public async Task A_guest_books_and_pays_through_haproxy_and_dispatch_assigns_the_job()
    {
        var owner = await _nots.OwnerAsync();
        var (driverId, vehicleId) = await _nots.DriverAsync(owner);
        var job = await _nots.ConfirmedJobAsync(owner, NextPickup());

        await NotsApi.JsonAsync(await _nots.AssignAsync(owner, job.Reference, driverId, vehicleId), HttpStatusCode.Created);

        var assigned = await _nots.WaitForJobAsync(owner, job.Reference, j => j.GetProperty("status").GetString() == "Assigned", "assigned");
        assigned.GetProperty("driverId").GetGuid().ShouldBe(driverId);
        (await _nots.BookingAsync(job.Reference, job.Token)).GetProperty("status").GetString().ShouldBe("Confirmed");
    }

    [ClusterFact]
    public async Task A_change_committed_on_one_node_reaches_live_clients_on_every_node()
    {
        var owner = await _nots.OwnerAsync();
        var (driverId, vehicleId) = await _nots.DriverAsync(owner);
        var job = await _nots.ConfirmedJobAsync(owner, NextPickup());
        var nodes = ClusterEnvironment.NotsNodes;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // An SSE board on every node, and the SignalR hub (WebSocket, no negotiation: nothing needs sticky sessions) on the last.
        var feeds = new List<Task<JsonElement>>();
        var clients = new List<HttpClient>();
        foreach (var node in nodes)
        {
            var client = ClusterEnvironment.Client(node);
            client.Timeout = Timeout.InfiniteTimeSpan;
            clients.Add(client);
            feeds.Add(await SseAsync(client, owner, job.Reference, timeout.Token));
        }

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + owner);
        await socket.ConnectAsync(new Uri($"ws://{nodes[^1].Authority}/v1/hubs/dispatch"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, timeout.Token);
        // The hub says "ready" once the connection has joined the staff group; a change made before would not reach it.
        await HubAsync(socket, _ => true, "ready", timeout.Token);
        var hub = HubAsync(
            socket,
            changed => changed.GetProperty("bookingReference").GetString() == job.Reference && changed.GetProperty("status").GetString() == "Assigned",
            "job",
            timeout.Token);

        // The change is made on the first node only.
        await NotsApi.JsonAsync(await _nots.AssignAsync(owner, job.Reference, driverId, vehicleId, clients[0]), HttpStatusCode.Created);

        foreach (var (feed, node) in feeds.Zip(nodes))
        {
            var seen = await feed;
            seen.GetProperty("driverId").GetGuid().ShouldBe(driverId, $"SSE on {node}");
        }

        (await hub).GetProperty("driverId").GetGuid().ShouldBe(driverId);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [ClusterFact]
    public async Task Simultaneous_assignments_on_every_node_give_a_booking_one_driver_and_a_driver_one_of_two_overlapping_jobs()
    {
        var owner = await _nots.OwnerAsync();
        var drivers = new List<(Guid DriverId, Guid VehicleId)>();
        for (var i = 0; i < 3; i++)
        {
            drivers.Add(await _nots.DriverAsync(owner));
        }

        var pickup = NextPickup();
        var first = await _nots.ConfirmedJobAsync(owner, pickup);
        var second = await _nots.ConfirmedJobAsync(owner, pickup.AddMinutes(30));
        var nodes = ClusterEnvironment.NotsNodes.Select(ClusterEnvironment.Client).ToList();

        // 30 assignments of one booking to three drivers, spread over the nodes, all at once.
        var race = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var (driverId, vehicleId) = drivers[i % drivers.Count];
            using var response = await _nots.AssignAsync(owner, first.Reference, driverId, vehicleId, nodes[i % nodes.Count]);
            return (response.StatusCode, driverId);
        }));
        race.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", race.Select(r => (int)r.StatusCode)));
        race.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        var winner = race.Single(r => r.StatusCode == HttpStatusCode.Created).driverId;
        var assigned = await _nots.WaitForJobAsync(owner, first.Reference, j => j.GetProperty("status").GetString() == "Assigned", "assigned");
        assigned.GetProperty("driverId").GetGuid().ShouldBe(winner);

        // One free driver, two jobs 30 minutes apart (the journey takes hours): only one of them can be his.
        var (free, freeVehicle) = drivers.First(d => d.DriverId != winner);
        var overlap = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await _nots.AssignAsync(owner, i % 2 == 0 ? second.Reference : first.Reference, free, freeVehicle, nodes[i % nodes.Count]);
            return response.StatusCode;
        }));
        overlap.Count(s => s == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", overlap.Select(s => (int)s)));
        var rows = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NotsDatabase,
            $"SELECT count(*) FROM dispatch.allocations a JOIN dispatch.jobs j ON j.id = a.job_id WHERE j.booking_reference IN ('{first.Reference}', '{second.Reference}') AND a.status = 'Active'");
        rows.ShouldBe(2); // the first job's winner and the free driver's one job.
        foreach (var node in nodes)
        {
            node.Dispose();
        }
    }

    /// <summary>Pickups days ahead, six hours apart (each test onboards its own drivers, so only its own jobs can overlap).</summary>
    internal static DateTimeOffset NextPickup()
    {
        var slot = Interlocked.Increment(ref _slot);
        return new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(3).AddHours(slot * 6);
    }

    private static int _slot;

    /// <summary>Subscribes to the node's SSE board; the task completes with the first change of <paramref name="reference"/> to Assigned.</summary>
    private static async Task<Task<JsonElement>> SseAsync(HttpClient client, string token, string reference, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/dispatch/live");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        // Wait for "hello" so the subscription exists before the change is made.
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null && line != "event: hello")
        {
        }

        return Task.Run(async () =>
        {
            using (response)
            using (reader)
            {
                var @event = "";
                while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        @event = line[7..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && @event == "job")
                    {
                        var job = JsonDocument.Parse(line[6..]).RootElement.Clone();
                        if (job.GetProperty("bookingReference").GetString() == reference && job.GetProperty("status").GetString() == "Assigned")
                        {
                            return job;
                        }
                    }
                }

                throw new ShouldAssertException("The live feed ended before the change arrived.");
            }
        }, cancellationToken);
    }

    /// <summary>Reads hub frames (a frame may carry several records) until an invocation of <paramref name="target"/> whose first argument matches.</summary>
    private static async Task<JsonElement> HubAsync(ClientWebSocket socket, Func<JsonElement, bool> matches, string target, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }

            foreach (var record in text.ToString().Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
            {
                var message = JsonDocument.Parse(record).RootElement;
                if (message.TryGetProperty("type", out var type) && type.GetInt32() == 1 && message.GetProperty("target").GetString() == target)
                {
                    var arguments = message.GetProperty("arguments");
                    var first = arguments.GetArrayLength() > 0 ? arguments[0] : default;
                    if (matches(first))
                    {
                        return first.ValueKind == JsonValueKind.Undefined ? first : first.Clone();
                    }
                }
            }

            text.Clear();
        }
    }
}

/// <summary>The cluster suites share one cluster: they run one class at a time (the crash test kills nodes).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
