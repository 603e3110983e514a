<?php

namespace App\Controller;

use App\Entity\Item;
use Doctrine\ORM\EntityManagerInterface;
use Symfony\Component\HttpFoundation\JsonResponse;

final class DatabaseController
{
    private EntityManagerInterface $entityManager;

    public function __construct(EntityManagerInterface $entityManager)
    {
        $this->entityManager = $entityManager;
    }

    public function read(): JsonResponse
    {
        $items = $this->entityManager->getRepository(Item::class)->findBy([], ['id' => 'ASC']);

        return new JsonResponse([
            'count' => \count($items),
            'items' => array_map(
                static fn (Item $item): array => ['id' => $item->getId(), 'name' => $item->getName()],
                $items
            ),
        ]);
    }
}
