using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Notifications;

/// <summary>
/// Fills <c>{{Name}}</c> placeholders. In HTML every value is HTML-encoded, so a customer's name can never
/// inject markup; in text it is inserted as it is. A placeholder without a value is an error, not a blank.
/// </summary>
public static partial class TemplateRenderer
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>Renders <paramref name="template"/> with values from <paramref name="model"/>.</summary>
    /// <param name="template">Text with <c>{{Name}}</c> placeholders.</param>
    /// <param name="model">A dictionary of names to values, or an object whose public properties are the values.</param>
    /// <param name="html">True to HTML-encode the values.</param>
    /// <exception cref="NotificationTemplateException">A placeholder has no value in the model.</exception>
    public static string Render(string template, object? model, bool html)
    {
        ArgumentNullException.ThrowIfNull(template);
        var values = ToValues(model);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                throw new NotificationTemplateException($"The template uses {{{{{name}}}}} but the model has no value for it.");
            }

            var text = Format(value);
            return html ? WebUtility.HtmlEncode(text) : text;
        });
    }

    /// <summary>Turns a model into name → value pairs (case-insensitive names).</summary>
    public static IReadOnlyDictionary<string, object?> ToValues(object? model)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (model)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, string?>> strings:
                foreach (var (key, value) in strings)
                {
                    values[key] = value;
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> objects:
                foreach (var (key, value) in objects)
                {
                    values[key] = value;
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value;
                }

                break;
            default:
                foreach (var property in model.GetType().GetProperties())
                {
                    if (property.GetIndexParameters().Length == 0 && property.CanRead)
                    {
                        values[property.Name] = property.GetValue(model);
                    }
                }

                break;
        }

        return values;
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        // People read UK local time (BST/GMT), whatever the stored UTC instant.
        DateTimeOffset d => TimeZoneInfo.ConvertTime(d, London).ToString("dddd d MMMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB")),
        IFormattable f => f.ToString(null, CultureInfo.GetCultureInfo("en-GB")),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>The templates product modules registered, by key.</summary>
internal sealed class NotificationTemplates(IEnumerable<EmailTemplate> emails, IEnumerable<SmsTemplate> sms, EmailLayout? layout = null)
{
    private readonly Dictionary<string, EmailTemplate> _emails = emails.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly Dictionary<string, SmsTemplate> _sms = sms.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public EmailLayout Layout { get; } = layout ?? EmailLayout.Default;

    public EmailTemplate Email(string key) =>
        _emails.TryGetValue(key, out var template) ? template : throw new NotificationTemplateException($"No email template '{key}' is registered.");

    public SmsTemplate Sms(string key) =>
        _sms.TryGetValue(key, out var template) ? template : throw new NotificationTemplateException($"No SMS template '{key}' is registered.");
}
