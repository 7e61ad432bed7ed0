"""Fictional addresses (町名 + 丁目-番-号), coordinates and phone numbers."""

import math

import numpy as np
import pandas as pd

KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


def draw_addresses(rng: np.random.Generator, count: int, office: dict, building_share: float, phone_share: float) -> pd.DataFrame:
    """Return ``count`` addresses scattered over the office's towns.

    Columns: town_index (position in office.yaml's list, used to draw
    caseworker districts), address, postal_code, latitude, longitude, phone.
    """
    towns = office["towns"]
    shares = np.array([town["share"] for town in towns], dtype=float)
    town_index = rng.choice(len(towns), size=count, p=shares / shares.sum())

    # Coordinates: the town centre plus a normal scatter of its radius.
    centre_latitude = office["centre"]["latitude"]
    centre_longitude = office["centre"]["longitude"]
    km_per_degree_longitude = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(centre_latitude))
    east_km = np.array([town["east_km"] for town in towns])[town_index]
    north_km = np.array([town["north_km"] for town in towns])[town_index]
    radius_km = np.array([town["radius_km"] for town in towns])[town_index]
    east_km = east_km + rng.normal(0.0, 0.5, count) * radius_km
    north_km = north_km + rng.normal(0.0, 0.5, count) * radius_km
    latitude = np.round(centre_latitude + north_km / KM_PER_DEGREE_LATITUDE, 6)
    longitude = np.round(centre_longitude + east_km / km_per_degree_longitude, 6)

    # 丁目-番-号, and for some a building and room number.
    chome_count = np.array([town["chome"] for town in towns])[town_index]
    chome = 1 + np.floor(rng.random(count) * chome_count).astype(int)
    block = rng.integers(1, 30, size=count)
    house = rng.integers(1, 25, size=count)
    in_building = rng.random(count) < building_share
    building = rng.integers(0, len(office["buildings"]), size=count)
    room = rng.integers(1, 4, size=count) * 100 + rng.integers(1, 9, size=count)

    town_names = [town["name"] for town in towns]
    prefix = office["prefecture"] + office["municipality"]
    addresses = []
    for i in range(count):
        text = f"{prefix}{town_names[town_index[i]]}{chome[i]}丁目{block[i]}番{house[i]}号"
        if in_building[i]:
            text += f"　{office['buildings'][building[i]]} {room[i]}号室"
        addresses.append(text)

    # A 市内局番 starting with 0 cannot be a real number.
    has_phone = rng.random(count) < phone_share
    exchange = rng.integers(1, 10, size=count)
    line = rng.integers(0, 10000, size=count)
    phones = [
        f"{office['phone_area_code']}-0{exchange[i]}-{line[i]:04d}" if has_phone[i] else None
        for i in range(count)
    ]

    return pd.DataFrame({
        "town_index": town_index,
        "address": addresses,
        "postal_code": np.array([town["postal_code"] for town in towns], dtype=object)[town_index],
        "latitude": latitude,
        "longitude": longitude,
        "phone": phones,
    })
