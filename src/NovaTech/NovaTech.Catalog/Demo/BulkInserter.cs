using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace NovaTech.Catalog.Demo;

/// <summary>
/// Inserts many entities of one type through a single prepared INSERT reused row after row, with the columns, value
/// converters and parameter types taken from the EF model (so it writes exactly what SaveChanges would). For the bulk
/// demo loader only: no change tracking, no cascades, no events.
/// </summary>
internal sealed class BulkInserter<T> : IAsyncDisposable
    where T : class
{
    private readonly DbCommand _command;
    private readonly (IProperty Property, RelationalTypeMapping Mapping)[] _columns;
    private bool _prepared;

    public BulkInserter(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _columns = [.. entity.GetProperties().Select(p => (p, (RelationalTypeMapping)p.GetTypeMapping()))];
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var names = _columns.Select(c => sqlHelper.DelimitIdentifier(c.Property.GetColumnName(table)!));
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _command.CommandText = $"INSERT INTO {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", _columns.Select((_, i) => "@p" + i))})";
    }

    public async Task InsertAsync(T row, CancellationToken cancellationToken)
    {
        _command.Parameters.Clear();
        for (var i = 0; i < _columns.Length; i++)
        {
            var (property, mapping) = _columns[i];
            var value = property.GetGetter().GetClrValue(row);
            _command.Parameters.Add(mapping.CreateParameter(_command, "@p" + i, value, property.IsNullable));
        }

        if (!_prepared)
        {
            await _command.PrepareAsync(cancellationToken);
            _prepared = true;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
