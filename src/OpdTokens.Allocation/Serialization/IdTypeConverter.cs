using System.ComponentModel;
using System.Globalization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Converts an id from and to its text, for configuration binding, model binding and property grids that
/// go through <see cref="TypeDescriptor"/>.</summary>
/// <typeparam name="T">The id type.</typeparam>
/// <remarks>Converting a text that is not an id throws <see cref="FormatException"/>; converting the default value to
/// text throws <see cref="InvalidOperationException"/>. This type is stateless and thread-safe.</remarks>
internal sealed class IdTypeConverter<T> : TypeConverter
    where T : struct, ISpanParsable<T>, IFormattable, IEquatable<T>
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? T.Parse(text, CultureInfo.InvariantCulture) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(
        ITypeDescriptorContext? context,
        CultureInfo? culture,
        object? value,
        Type destinationType
    )
    {
        if (destinationType == typeof(string) && value is T id)
        {
            return id.Equals(default)
                ? throw IdJson.DefaultValue(typeof(T).Name)
                : id.ToString(null, CultureInfo.InvariantCulture);
        }

        return base.ConvertTo(context, culture, value, destinationType);
    }
}
