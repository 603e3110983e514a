<?php

namespace App\TestSupport\Controller;

use App\Entity\StateProbe;
use App\TestSupport\State\CleanRegistry;
use App\TestSupport\State\CurrentUserStorage;
use App\TestSupport\State\LeakyRegistry;
use Doctrine\ORM\EntityManagerInterface;
use Doctrine\ORM\Tools\SchemaTool;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * Routes for the state isolation and state verifier integration tests: each reports the
 * state it found at the start of the request, then leaves state behind for the next one.
 */
final class IsolationController
{
    public const PROBE_ID = 1;
    private const USER_HEADER = 'X-Test-User';

    public function __construct(
        private readonly EntityManagerInterface $entityManager,
        private readonly CurrentUserStorage $currentUser,
    ) {
    }

    public function leaky(Request $request, LeakyRegistry $registry): JsonResponse
    {
        return new JsonResponse(['remembered' => $registry->remember($request->getRequestUri())]);
    }

    public function clean(Request $request, CleanRegistry $registry): JsonResponse
    {
        return new JsonResponse(['remembered' => $registry->remember($request->getRequestUri())]);
    }

    /**
     * The ORM's state when the request starts (must be empty), then the probe row as the
     * ORM loads it; the entity stays managed when the response is sent.
     */
    public function probe(): JsonResponse
    {
        $unitOfWork = $this->entityManager->getUnitOfWork();
        $atStart = [
            'unit_of_work_size' => $unitOfWork->size(),
            'identity_map_count' => array_sum(array_map('count', $unitOfWork->getIdentityMap())),
        ];
        $this->ensureProbeRow();
        $probe = $this->entityManager->find(StateProbe::class, self::PROBE_ID);

        return new JsonResponse($atStart + [
            'label' => $probe?->getLabel(),
            'managed_after_load' => $unitOfWork->size(),
        ]);
    }

    /** Changes the probe row with plain SQL, bypassing the ORM and its identity map. */
    public function renameProbe(Request $request): JsonResponse
    {
        $this->ensureProbeRow();
        $label = (string) $request->query->get('label', '');
        $updated = $this->entityManager->getConnection()->executeStatement(
            'UPDATE state_probe SET label = ? WHERE id = ?',
            [$label, self::PROBE_ID]
        );

        return new JsonResponse(['updated' => $updated, 'label' => $label]);
    }

    /**
     * Acts for the user named by the X-Test-User header, like an authenticator filling the
     * token storage; reports who the storage held before that.
     */
    public function identity(Request $request): JsonResponse
    {
        $before = $this->currentUser->getUser();
        $user = $request->headers->get(self::USER_HEADER);
        if (null !== $user && '' !== $user) {
            $this->currentUser->setUser($user);
        }

        return new JsonResponse(['user_at_start' => $before, 'user' => $this->currentUser->getUser()]);
    }

    private function ensureProbeRow(): void
    {
        $connection = $this->entityManager->getConnection();
        if (!$connection->createSchemaManager()->tablesExist(['state_probe'])) {
            $metadata = $this->entityManager->getClassMetadata(StateProbe::class);
            (new SchemaTool($this->entityManager))->updateSchema([$metadata], true);
        }
        $connection->executeStatement(
            'INSERT OR IGNORE INTO state_probe (id, label) VALUES (?, ?)',
            [self::PROBE_ID, 'initial']
        );
    }
}
