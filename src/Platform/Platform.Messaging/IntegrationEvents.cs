using System.Collections.Concurrent;
using System.Reflection;

namespace Platform.Messaging;

/// <summary>
/// Marks a record as an integration event: a past-tense fact of primitives, defined in a product's
/// Contracts project, that other modules may consume.
/// </summary>
public interface IIntegrationEvent
{
}

/// <summary>
/// The stable wire name of an integration event, e.g. <c>nots.transfer-booked.v1</c>. It survives renames and
/// moves of the CLR type; without it the type's full name is used.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventNameAttribute(string name) : Attribute
{
    /// <summary>The stable name written to the outbox and matched by consumers.</summary>
    public string Name { get; } = name;
}

/// <summary>Resolves the stable name of an integration event type.</summary>
public static class IntegrationEventNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>The <see cref="IntegrationEventNameAttribute"/> name, or the type's full name.</summary>
    public static string Of(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return Names.GetOrAdd(eventType, static t =>
            t.GetCustomAttribute<IntegrationEventNameAttribute>()?.Name is { Length: > 0 } name ? name : t.FullName ?? t.Name);
    }

    /// <summary>The stable name of <typeparamref name="TEvent"/>.</summary>
    public static string Of<TEvent>() => Of(typeof(TEvent));
}
