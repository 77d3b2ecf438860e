"""Template filters for Vietnamese formats; loaded as builtins, so every template has them."""

from django import template

from lamtheo.lib import vn

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    return vn.number(value, int(decimals))


@register.filter
def vn_date(value):
    return vn.short_date(value)


@register.filter
def vn_long_date(value):
    return vn.long_date(value) if value else ""


@register.simple_tag
def vn_percent(numerator, denominator, decimals=1):
    return vn.percent(numerator, denominator, int(decimals))
