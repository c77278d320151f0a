using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace WebApp;

/// <summary>Text templates read from the content root's templates/ folder on every use.</summary>
public sealed class Templates
{
    private readonly string _folder;

    public Templates(string contentRoot)
    {
        _folder = Path.Combine(contentRoot, "templates");
    }

    public async Task<string> RenderAsync(string name, Order order, decimal total)
    {
        var template = await File.ReadAllTextAsync(Path.Combine(_folder, name + ".txt"));
        return Fill(template, order, total);
    }

    private static string Fill(string template, Order order, decimal total) =>
        template.Replace("{id}", order.Id.ToString(CultureInfo.InvariantCulture))
            .Replace("{customer}", order.Customer)
            .Replace("{count}", order.Lines.Count.ToString(CultureInfo.InvariantCulture))
            .Replace("{total}", total.ToString("0.00", CultureInfo.InvariantCulture));
}
