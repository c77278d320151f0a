using System;

namespace WebApp;

/// <summary>Prices an order line by line; a line's price takes a little computing.</summary>
public sealed class PriceList
{
    public decimal Total(Order order)
    {
        decimal total = 0;
        foreach (var line in order.Lines)
        {
            total += PriceOf(line.Sku) * line.Quantity;
        }

        return total + Shipping(order);
    }

    public decimal Quote(string sku, int quantity) => PriceOf(sku) * quantity;

    private static decimal PriceOf(string sku)
    {
        var hash = 17;
        for (var round = 0; round < 200; round++)
        {
            foreach (var c in sku)
            {
                hash = unchecked((hash * 31) + c + round);
            }
        }

        return 1 + (Math.Abs(hash) % 5000) / 100m;
    }

    private static decimal Shipping(Order order) => order.Lines.Count > 10 ? 0 : 4.90m;
}
