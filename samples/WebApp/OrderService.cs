using System.Threading.Tasks;

namespace WebApp;

/// <summary>The request handler: load the order (cache, then database), price it, render it.</summary>
public sealed class OrderService
{
    private readonly OrderStore _store;
    private readonly PriceList _prices;
    private readonly Templates _templates;

    public OrderService(OrderStore store, PriceList prices, Templates templates)
    {
        _store = store;
        _prices = prices;
        _templates = templates;
    }

    public async Task<string> GetOrderAsync(int id)
    {
        var order = await _store.LoadAsync(id);
        var total = _prices.Total(order);
        return await _templates.RenderAsync("order", order, total);
    }

    /// <summary>A synchronous handler: the price of a quantity of one article.</summary>
    public string Quote(string sku, int quantity) =>
        _prices.Quote(sku, quantity).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
