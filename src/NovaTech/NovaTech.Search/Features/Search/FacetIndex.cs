using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using NovaTech.Search.Indexing;

namespace NovaTech.Search.Features.Search;

/// <summary>What a facet value id stands for: a brand, a category, or an attribute's name and value.</summary>
internal sealed record FacetValueInfo(int Kind, string Name, string Value, string Label);

/// <summary>
/// Facet counting over compact integer ids. Every active document has one <c>doc_facets</c> row: the ids (int32,
/// little-endian) of its brand, category and attribute values in <c>facet_values</c>. A broad search reads one small
/// blob per matching document and counts in memory, instead of joining ~11 attribute rows per document and grouping
/// them by strings in SQL. Ids are append-only, so each node caches the id → value table and reloads it only when it
/// meets an id it does not know.
/// </summary>
internal sealed class FacetValueCache : IDisposable
{
    public const int Attribute = 0;
    public const int Brand = 1;
    public const int Category = 2;

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile FacetValueInfo?[] _values = [];

    /// <summary>The id → value table, reloaded first if any of <paramref name="ids"/> is unknown.</summary>
    public async Task<FacetValueInfo?[]> ResolveAsync(DbConnection connection, SearchSql sql, IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var values = _values;
        if (ids.All(id => id < values.Length && values[id] is not null))
        {
            return values;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            values = _values;
            if (ids.All(id => id < values.Length && values[id] is not null))
            {
                return values;
            }

            var loaded = new List<(int Id, FacetValueInfo Value)>();
            await using (var command = SearchSql.Command(connection, null, $"SELECT id, kind, name, value, label FROM {sql.T("facet_values")}"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    loaded.Add((reader.GetInt32(0), new FacetValueInfo(reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))));
                }
            }

            var table = new FacetValueInfo?[loaded.Count == 0 ? 0 : loaded.Max(v => v.Id) + 1];
            foreach (var (id, value) in loaded)
            {
                table[id] = value;
            }

            _values = table;
            return table;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();

    public static byte[] Encode(IReadOnlyList<int> ids)
    {
        var blob = new byte[ids.Count * sizeof(int)];
        for (var i = 0; i < ids.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(i * sizeof(int)), ids[i]);
        }

        return blob;
    }
}

/// <summary>Counts per facet value id over the documents of one search (pooled, grown as needed).</summary>
internal sealed class FacetCounter : IDisposable
{
    private int[] _counts = ArrayPool<int>.Shared.Rent(4096);
    private int _max = -1;

    public FacetCounter() => Array.Clear(_counts);

    public void Add(ReadOnlySpan<byte> blob)
    {
        for (var i = 0; i + sizeof(int) <= blob.Length; i += sizeof(int))
        {
            var id = BinaryPrimitives.ReadInt32LittleEndian(blob[i..]);
            if (id >= _counts.Length)
            {
                var bigger = ArrayPool<int>.Shared.Rent(Math.Max(id + 1, _counts.Length * 2));
                Array.Clear(bigger);
                _counts.AsSpan().CopyTo(bigger);
                ArrayPool<int>.Shared.Return(_counts);
                _counts = bigger;
            }

            _counts[id]++;
            _max = Math.Max(_max, id);
        }
    }

    /// <summary>The ids counted at least once, with their counts.</summary>
    public List<(int Id, int Count)> NonZero()
    {
        var result = new List<(int, int)>();
        for (var id = 0; id <= _max; id++)
        {
            if (_counts[id] > 0)
            {
                result.Add((id, _counts[id]));
            }
        }

        return result;
    }

    public void Dispose() => ArrayPool<int>.Shared.Return(_counts);
}
